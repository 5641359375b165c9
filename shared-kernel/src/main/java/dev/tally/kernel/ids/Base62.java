package dev.tally.kernel.ids;

import java.math.BigInteger;

/** Base62 text of random bytes, for identifiers and secrets that must survive URLs and copy-paste. */
public final class Base62 {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final BigInteger BASE = BigInteger.valueOf(62);

    private Base62() {
    }

    /** Encodes the bytes as an unsigned number, left-padded to a fixed width for the byte count. */
    public static String encode(byte[] bytes) {
        int width = (int) Math.ceil(bytes.length * 8 / (Math.log(62) / Math.log(2)));
        char[] out = new char[width];
        BigInteger value = new BigInteger(1, bytes);
        for (int i = width - 1; i >= 0; i--) {
            BigInteger[] qr = value.divideAndRemainder(BASE);
            out[i] = ALPHABET[qr[1].intValue()];
            value = qr[0];
        }
        return new String(out);
    }
}
