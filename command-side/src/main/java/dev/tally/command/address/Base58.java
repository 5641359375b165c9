package dev.tally.command.address;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;

/**
 * Bitcoin-alphabet Base58 and Base58Check, as used by BIP32 extended-key serialization and TRON
 * addresses.
 *
 * <p>Base58Check appends the first four bytes of SHA-256(SHA-256(payload)) to the payload before
 * encoding, so a mistyped string is rejected instead of silently decoding to different bytes.
 *
 * <p>Error messages never echo the input: the same decoder is used on strings that might be
 * extended private keys pasted by mistake, and those must not end up in logs or exception traces.
 */
public final class Base58 {

    private static final char[] ALPHABET =
            "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".toCharArray();
    private static final int[] INDEXES = new int[128];
    private static final int CHECKSUM_LENGTH = 4;

    static {
        Arrays.fill(INDEXES, -1);
        for (int i = 0; i < ALPHABET.length; i++) {
            INDEXES[ALPHABET[i]] = i;
        }
    }

    private Base58() {
    }

    /** Encodes bytes to Base58; each leading zero byte becomes a leading '1'. */
    public static String encode(byte[] input) {
        Objects.requireNonNull(input, "input");
        if (input.length == 0) {
            return "";
        }
        int zeros = 0;
        while (zeros < input.length && input[zeros] == 0) {
            zeros++;
        }
        byte[] number = Arrays.copyOf(input, input.length); // divided in place
        char[] encoded = new char[input.length * 2];
        int outputStart = encoded.length;
        for (int inputStart = zeros; inputStart < number.length; ) {
            encoded[--outputStart] = ALPHABET[divmod(number, inputStart, 256, 58)];
            if (number[inputStart] == 0) {
                inputStart++;
            }
        }
        while (outputStart < encoded.length && encoded[outputStart] == ALPHABET[0]) {
            outputStart++;
        }
        while (--zeros >= 0) {
            encoded[--outputStart] = ALPHABET[0];
        }
        return new String(encoded, outputStart, encoded.length - outputStart);
    }

    /**
     * Decodes a Base58 string.
     *
     * @throws IllegalArgumentException if the string contains a character outside the alphabet
     *     (the message gives the position, never the input)
     */
    public static byte[] decode(String input) {
        Objects.requireNonNull(input, "input");
        if (input.isEmpty()) {
            return new byte[0];
        }
        byte[] input58 = new byte[input.length()];
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            int digit = c < 128 ? INDEXES[c] : -1;
            if (digit < 0) {
                throw new IllegalArgumentException("Invalid Base58 character at position " + i);
            }
            input58[i] = (byte) digit;
        }
        int zeros = 0;
        while (zeros < input58.length && input58[zeros] == 0) {
            zeros++;
        }
        byte[] decoded = new byte[input.length()];
        int outputStart = decoded.length;
        for (int inputStart = zeros; inputStart < input58.length; ) {
            decoded[--outputStart] = divmod(input58, inputStart, 58, 256);
            if (input58[inputStart] == 0) {
                inputStart++;
            }
        }
        while (outputStart < decoded.length && decoded[outputStart] == 0) {
            outputStart++;
        }
        return Arrays.copyOfRange(decoded, outputStart - zeros, decoded.length);
    }

    /** Encodes {@code payload || first4(SHA256(SHA256(payload)))} in Base58. */
    public static String encodeChecked(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        byte[] checksum = Hashes.doubleSha256(payload);
        byte[] withChecksum = Arrays.copyOf(payload, payload.length + CHECKSUM_LENGTH);
        System.arraycopy(checksum, 0, withChecksum, payload.length, CHECKSUM_LENGTH);
        return encode(withChecksum);
    }

    /**
     * Decodes a Base58Check string and verifies its checksum.
     *
     * @return the payload without the 4 checksum bytes
     * @throws IllegalArgumentException on an invalid character, a string too short to hold a
     *     checksum, or a checksum mismatch
     */
    public static byte[] decodeChecked(String input) {
        byte[] decoded = decode(input);
        if (decoded.length < CHECKSUM_LENGTH) {
            throw new IllegalArgumentException(
                    "Invalid Base58Check string: too short to contain a 4-byte checksum");
        }
        byte[] payload = Arrays.copyOf(decoded, decoded.length - CHECKSUM_LENGTH);
        byte[] actual = Arrays.copyOfRange(decoded, payload.length, decoded.length);
        byte[] expected = Arrays.copyOf(Hashes.doubleSha256(payload), CHECKSUM_LENGTH);
        if (!MessageDigest.isEqual(expected, actual)) {
            Arrays.fill(payload, (byte) 0);
            throw new IllegalArgumentException("Invalid Base58Check string: checksum mismatch");
        }
        return payload;
    }

    /**
     * Divides the big-endian number in {@code number[firstDigit..]} (digits in {@code base}) by
     * {@code divisor} in place and returns the remainder.
     */
    private static byte divmod(byte[] number, int firstDigit, int base, int divisor) {
        int remainder = 0;
        for (int i = firstDigit; i < number.length; i++) {
            int digit = number[i] & 0xFF;
            int temp = remainder * base + digit;
            number[i] = (byte) (temp / divisor);
            remainder = temp % divisor;
        }
        return (byte) remainder;
    }
}
