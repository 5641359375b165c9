package dev.tally.watcher.tron;

import com.google.protobuf.ByteString;
import org.tron.trident.core.utils.Utils;
import org.tron.trident.utils.Base58Check;

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
        // Trident's byte-wise encoder: several times faster than its BigInteger one, and a block has hundreds.
        return Utils.encode58Check(prefixed);
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
