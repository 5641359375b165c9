package dev.tally.watcher.tron;

import com.google.protobuf.ByteString;
import org.tron.trident.utils.Base58Check;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;

/**
 * Tron addresses between the forms a node sends and the form Tally uses. Tally (deposit addresses, token contracts,
 * observations) uses base58check of the 21 bytes {@code 0x41 || account id}, the {@code T...} form; nodes send the
 * 21 bytes in transactions ({@code owner_address}, {@code contract_address}) but only the 20-byte account id in event
 * logs (the log's {@code address}, and the last 20 bytes of an address topic or ABI word).
 */
public final class TronAddresses {
    /** The mainnet prefix byte that makes every address start with {@code T}. */
    public static final byte PREFIX = 0x41;
    static final int ACCOUNT_ID_LENGTH = 20;
    private static final char[] ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    /** 58^5, below 2^30: a remainder shifted by 32 bits still fits a {@code long}. */
    private static final long FIVE_DIGITS = 58L * 58 * 58 * 58 * 58;
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    });

    private TronAddresses() {
    }

    /**
     * The base58 address of an account id as a node sends it: 20 bytes (logs), or 21 bytes starting with 0x41
     * (transactions).
     *
     * @throws IllegalArgumentException for any other length or prefix
     */
    public static String toBase58(byte[] address) {
        Objects.requireNonNull(address, "address");
        byte[] prefixed;
        if (address.length == ACCOUNT_ID_LENGTH) {
            prefixed = new byte[ACCOUNT_ID_LENGTH + 1];
            prefixed[0] = PREFIX;
            System.arraycopy(address, 0, prefixed, 1, ACCOUNT_ID_LENGTH);
        } else if (address.length == ACCOUNT_ID_LENGTH + 1 && address[0] == PREFIX) {
            prefixed = address;
        } else {
            throw new IllegalArgumentException("not a Tron address: " + address.length + " bytes");
        }
        return encode58Check(prefixed);
    }

    /**
     * Base58check of {@code payload}: the payload and the first 4 bytes of its double SHA-256, in base58 with a
     * {@code 1} for each leading zero byte. The same text as trident's {@code Utils.encode58Check} (the tests hold
     * it to that), at a fraction of the cost: a scanned block has hundreds of addresses to encode.
     */
    static String encode58Check(byte[] payload) {
        MessageDigest sha256 = SHA256.get();
        byte[] checksum = sha256.digest(sha256.digest(payload));
        byte[] data = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(checksum, 0, data, payload.length, 4);
        return base58(data);
    }

    /**
     * Base58 of {@code data}, five digits at a time: the number is held in 32-bit limbs and divided by 58^5 in
     * {@code long} arithmetic, a few divisions a digit group where the textbook way divides every byte by 58 for
     * every digit.
     */
    static String base58(byte[] data) {
        int zeros = 0;
        while (zeros < data.length && data[zeros] == 0) {
            zeros++;
        }
        int limbCount = (data.length + 3) / 4;
        long[] limbs = new long[limbCount];
        int pad = limbCount * 4 - data.length;
        for (int i = 0; i < data.length; i++) {
            int limb = (i + pad) / 4;
            limbs[limb] = (limbs[limb] << 8) | (data[i] & 0xFF);
        }
        char[] reversed = new char[5 * (data.length * 8 / 29 + 2)];
        int digits = 0;
        int first = 0;
        while (first < limbCount && limbs[first] == 0) {
            first++;
        }
        while (first < limbCount) {
            long remainder = 0;
            for (int i = first; i < limbCount; i++) {
                long current = (remainder << 32) | limbs[i];
                limbs[i] = current / FIVE_DIGITS;
                remainder = current % FIVE_DIGITS;
            }
            while (first < limbCount && limbs[first] == 0) {
                first++;
            }
            for (int k = 0; k < 5; k++) {
                reversed[digits++] = ALPHABET[(int) (remainder % 58)];
                remainder /= 58;
            }
        }
        while (digits > 0 && reversed[digits - 1] == ALPHABET[0]) {
            digits--; // the last group's leading zeros; the zero bytes' own 1s come next
        }
        StringBuilder text = new StringBuilder(zeros + digits);
        text.append(String.valueOf(ALPHABET[0]).repeat(zeros));
        for (int i = digits - 1; i >= 0; i--) {
            text.append(reversed[i]);
        }
        return text.toString();
    }

    public static String toBase58(ByteString address) {
        return toBase58(address.toByteArray());
    }

    /**
     * The 21 bytes ({@code 0x41 || account id}) of a base58 address.
     *
     * @throws IllegalArgumentException if it is not base58check of 21 bytes starting with 0x41
     */
    public static byte[] fromBase58(String address) {
        Objects.requireNonNull(address, "address");
        byte[] decoded;
        try {
            decoded = Base58Check.base58ToBytes(address);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Tron address: " + address + " (" + e.getMessage() + ")", e);
        }
        if (decoded.length != ACCOUNT_ID_LENGTH + 1 || decoded[0] != PREFIX) {
            throw new IllegalArgumentException("not a Tron address: " + address);
        }
        return decoded;
    }

    /** The 20-byte account id of a base58 address, as it appears in event logs. */
    public static ByteString accountId(String address) {
        return ByteString.copyFrom(fromBase58(address), 1, ACCOUNT_ID_LENGTH);
    }

    /** The account id in the last 20 bytes of a 32-byte ABI word (an indexed address topic or a call argument). */
    static byte[] accountIdOfWord(byte[] word) {
        return Arrays.copyOfRange(word, word.length - ACCOUNT_ID_LENGTH, word.length);
    }
}
