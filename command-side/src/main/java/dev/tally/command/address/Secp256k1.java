package dev.tally.command.address;

import java.math.BigInteger;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * secp256k1 curve constants and the few point/scalar helpers the key classes share.
 *
 * <p>Uses BouncyCastle's {@link CustomNamedCurves} implementation, which has optimised field
 * arithmetic for this curve. Constant-time behaviour is irrelevant for the public-key path; the
 * private-key path only serves development tooling and tests.
 */
final class Secp256k1 {

    private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp256k1");

    static final ECCurve CURVE = PARAMS.getCurve();
    static final ECPoint G = PARAMS.getG();
    static final BigInteger N = PARAMS.getN();

    private static final FixedPointCombMultiplier MULTIPLIER = new FixedPointCombMultiplier();

    private Secp256k1() {
    }

    /** point(k): k·G, normalised to affine coordinates. */
    static ECPoint multiplyG(BigInteger k) {
        return MULTIPLIER.multiply(G, k).normalize();
    }

    /** SEC1 compressed encoding (33 bytes, 0x02/0x03 prefix): BIP32's ser_P. */
    static byte[] compressed(ECPoint point) {
        return point.getEncoded(true);
    }

    /** The 64-byte X||Y encoding (uncompressed without the 0x04 prefix) hashed by Ethereum/TRON. */
    static byte[] uncompressedWithoutPrefix(ECPoint point) {
        byte[] encoded = point.getEncoded(false);
        byte[] xy = new byte[64];
        System.arraycopy(encoded, 1, xy, 0, 64);
        return xy;
    }

    /**
     * Decodes 64 raw X||Y bytes to a validated curve point.
     *
     * @throws IllegalArgumentException if the length is wrong or the point is not on the curve
     */
    static ECPoint decodeUncompressedWithoutPrefix(byte[] xy) {
        if (xy == null || xy.length != 64) {
            throw new IllegalArgumentException(
                    "uncompressed public key must be exactly 64 bytes (X||Y without the 0x04 prefix)");
        }
        byte[] encoded = new byte[65];
        encoded[0] = 0x04;
        System.arraycopy(xy, 0, encoded, 1, 64);
        try {
            ECPoint point = CURVE.decodePoint(encoded);
            if (point.isInfinity() || !point.isValid()) {
                throw new IllegalArgumentException("public key is not a valid secp256k1 point");
            }
            return point.normalize();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new IllegalArgumentException("public key is not a valid secp256k1 point", e);
        }
    }

    /** ser_256: a scalar as exactly 32 big-endian bytes (leading zeros retained). */
    static byte[] ser256(BigInteger value) {
        byte[] raw = value.toByteArray();
        if (raw.length == 32) {
            return raw;
        }
        byte[] out = new byte[32];
        if (raw.length > 32) {
            // Only a leading sign byte can make a < 2^256 value longer than 32 bytes.
            System.arraycopy(raw, raw.length - 32, out, 0, 32);
        } else {
            System.arraycopy(raw, 0, out, 32 - raw.length, raw.length);
        }
        return out;
    }

    /** ser_32: a child index as 4 big-endian bytes (works for hardened indices stored as negative ints). */
    static byte[] ser32(int value) {
        return new byte[] {
            (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
        };
    }
}
