package dev.tally.command.address;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

import org.bouncycastle.math.ec.ECPoint;

/**
 * A BIP32 extended public key (mainnet {@code xpub}): a secp256k1 public key plus a 32-byte chain
 * code and its position in the tree.
 *
 * <p>This is what the checkout server holds. With only the account-level xpub it can derive a
 * fresh deposit address per invoice via non-hardened public derivation (CKDpub), while the keys
 * able to spend the funds never touch the server. Hardened children cannot be derived from a
 * public key, by design of BIP32.
 *
 * <p>Note that an xpub is still sensitive: it reveals every address (and so every payment) of the
 * account, and an xpub combined with any one non-hardened child private key yields the parent
 * private key. {@link #toString()} therefore shows only the fingerprint, not the serialization.
 *
 * <p>Instances are immutable and thread-safe; accessors return defensive copies.
 */
public final class ExtendedPublicKey {

    /** Mainnet xpub version bytes. */
    static final int VERSION_XPUB = 0x0488B21E;
    /** Mainnet xprv version bytes; recognised only to refuse them with a specific message. */
    static final int VERSION_XPRV = 0x0488ADE4;
    static final int SERIALIZED_LENGTH = 78;
    private static final int HARDENED_BIT = 0x80000000;

    private final int depth;
    private final int parentFingerprint;
    private final int childNumber;
    private final byte[] chainCode;
    private final ECPoint point;
    private final byte[] compressed;

    ExtendedPublicKey(int depth, int parentFingerprint, int childNumber, byte[] chainCode, ECPoint point) {
        if (depth < 0 || depth > 255) {
            throw new IllegalArgumentException("depth must fit in one byte (0..255)");
        }
        if (chainCode.length != 32) {
            throw new IllegalArgumentException("chain code must be 32 bytes");
        }
        this.depth = depth;
        this.parentFingerprint = parentFingerprint;
        this.childNumber = childNumber;
        this.chainCode = chainCode.clone();
        this.point = point.normalize();
        this.compressed = Secp256k1.compressed(this.point);
    }

    /**
     * Parses a Base58Check-encoded mainnet extended public key.
     *
     * <p>Rejects: bad Base58/checksum, wrong length, any version other than {@code xpub} (an
     * {@code xprv} gets a specific message that does not echo the key), key data without a
     * 0x02/0x03 prefix, an X coordinate not on secp256k1, and a depth-0 key with a non-zero parent
     * fingerprint or child number.
     *
     * @throws IllegalArgumentException if the string is not a valid mainnet xpub; the message
     *     never contains the input
     */
    public static ExtendedPublicKey parse(String xpub) {
        Objects.requireNonNull(xpub, "xpub");
        byte[] data;
        try {
            data = Base58.decodeChecked(xpub);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid extended public key: " + e.getMessage(), e);
        }
        try {
            if (data.length != SERIALIZED_LENGTH) {
                throw new IllegalArgumentException("Invalid extended public key: expected "
                        + SERIALIZED_LENGTH + " bytes, got " + data.length);
            }
            ByteBuffer buffer = ByteBuffer.wrap(data);
            int version = buffer.getInt();
            if (version == VERSION_XPRV) {
                throw new IllegalArgumentException("Refusing an extended PRIVATE key (xprv): only an "
                        + "extended public key (xpub) may be configured here. Treat the supplied key "
                        + "as exposed and rotate it.");
            }
            if (version != VERSION_XPUB) {
                throw new IllegalArgumentException(String.format(
                        "Invalid extended public key: unsupported version bytes 0x%08X "
                                + "(only mainnet xpub 0x%08X is accepted)", version, VERSION_XPUB));
            }
            int depth = buffer.get() & 0xFF;
            int parentFingerprint = buffer.getInt();
            int childNumber = buffer.getInt();
            byte[] chainCode = new byte[32];
            buffer.get(chainCode);
            byte[] keyData = new byte[33];
            buffer.get(keyData);

            if (depth == 0 && parentFingerprint != 0) {
                throw new IllegalArgumentException(
                        "Invalid extended public key: zero depth with non-zero parent fingerprint");
            }
            if (depth == 0 && childNumber != 0) {
                throw new IllegalArgumentException(
                        "Invalid extended public key: zero depth with non-zero child number");
            }
            if (keyData[0] != 0x02 && keyData[0] != 0x03) {
                throw new IllegalArgumentException(String.format(
                        "Invalid extended public key: invalid public key prefix 0x%02X "
                                + "(expected compressed 0x02 or 0x03)", keyData[0] & 0xFF));
            }
            ECPoint point;
            try {
                point = Secp256k1.CURVE.decodePoint(keyData);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new IllegalArgumentException(
                        "Invalid extended public key: public key is not on the secp256k1 curve", e);
            }
            if (point.isInfinity() || !point.isValid()) {
                throw new IllegalArgumentException(
                        "Invalid extended public key: public key is not on the secp256k1 curve");
            }
            return new ExtendedPublicKey(depth, parentFingerprint, childNumber, chainCode, point);
        } finally {
            // If this was an xprv pasted by mistake, do not leave its bytes lying around.
            Arrays.fill(data, (byte) 0);
        }
    }

    /**
     * CKDpub: derives the non-hardened child at {@code index}.
     *
     * @param index child index, {@code 0 <= index < 2^31}
     * @throws IllegalArgumentException for a negative int, which is how a hardened index
     *     ({@code i | 0x80000000}) appears in Java; hardened children need the private key
     * @throws InvalidChildKeyException in the (&lt; 2<sup>-127</sup>) case that this index has no
     *     valid key; per BIP32 the caller should skip to the next index
     */
    public ExtendedPublicKey deriveChild(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("Cannot derive hardened child "
                    + Integer.toUnsignedString(index & ~HARDENED_BIT) + "' from an extended public key; "
                    + "only non-hardened indices 0..2^31-1 are possible");
        }
        if (depth == 255) {
            throw new IllegalStateException("Maximum BIP32 depth (255) reached");
        }
        byte[] i = Hashes.hmacSha512(chainCode, compressed, Secp256k1.ser32(index));
        byte[] il = Arrays.copyOfRange(i, 0, 32);
        byte[] ir = Arrays.copyOfRange(i, 32, 64);
        ECPoint childPoint = addTweak(point, il, index);
        return new ExtendedPublicKey(depth + 1, fingerprint(), index, ir, childPoint);
    }

    /**
     * K<sub>i</sub> = point(parse256(I<sub>L</sub>)) + K<sub>par</sub>, with the BIP32 validity
     * checks. Package-private so tests can exercise the invalid-child branches, which no real
     * HMAC output will hit.
     */
    static ECPoint addTweak(ECPoint parent, byte[] il, int index) {
        BigInteger tweak = new BigInteger(1, il);
        if (tweak.compareTo(Secp256k1.N) >= 0) {
            throw new InvalidChildKeyException(index, "I_L >= curve order n");
        }
        ECPoint child = Secp256k1.multiplyG(tweak).add(parent).normalize();
        if (child.isInfinity()) {
            throw new InvalidChildKeyException(index, "resulting point is the point at infinity");
        }
        return child;
    }

    /**
     * Derives along a path of non-hardened indices, e.g. {@code derivePath(0, 5)} for
     * {@code <this>/0/5}.
     *
     * @throws IllegalArgumentException if any index is hardened/negative
     * @throws InvalidChildKeyException if any step hits an invalid child
     */
    public ExtendedPublicKey derivePath(int... indices) {
        Objects.requireNonNull(indices, "indices");
        ExtendedPublicKey key = this;
        for (int index : indices) {
            key = key.deriveChild(index);
        }
        return key;
    }

    /** The Base58Check {@code xpub...} serialization (BIP32 78-byte format). */
    public String serialize() {
        ByteBuffer buffer = ByteBuffer.allocate(SERIALIZED_LENGTH);
        buffer.putInt(VERSION_XPUB);
        buffer.put((byte) depth);
        buffer.putInt(parentFingerprint);
        buffer.putInt(childNumber);
        buffer.put(chainCode);
        buffer.put(compressed);
        return Base58.encodeChecked(buffer.array());
    }

    /** 33-byte SEC1 compressed public key (copy). */
    public byte[] compressedPublicKey() {
        return compressed.clone();
    }

    /** 64-byte X||Y public key (uncompressed, without the 0x04 prefix), as hashed by Ethereum/TRON. */
    public byte[] uncompressedPublicKeyWithoutPrefix() {
        return Secp256k1.uncompressedWithoutPrefix(point);
    }

    /** Depth in the tree: 0 for the master key. */
    public int depth() {
        return depth;
    }

    /** 32-byte chain code (copy). */
    public byte[] chainCode() {
        return chainCode.clone();
    }

    /** Fingerprint of the parent key, 0 for the master key. */
    public int parentFingerprint() {
        return parentFingerprint;
    }

    /** The index this key was derived with (bit 31 set for hardened), 0 for the master key. */
    public int childNumber() {
        return childNumber;
    }

    /** This key's fingerprint: the first 4 bytes of HASH160(compressed public key). */
    public int fingerprint() {
        return ByteBuffer.wrap(Hashes.hash160(compressed)).getInt();
    }

    ECPoint point() {
        return point;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ExtendedPublicKey)) {
            return false;
        }
        ExtendedPublicKey other = (ExtendedPublicKey) o;
        return depth == other.depth
                && parentFingerprint == other.parentFingerprint
                && childNumber == other.childNumber
                && Arrays.equals(chainCode, other.chainCode)
                && Arrays.equals(compressed, other.compressed);
    }

    @Override
    public int hashCode() {
        int result = Objects.hash(depth, parentFingerprint, childNumber);
        result = 31 * result + Arrays.hashCode(chainCode);
        result = 31 * result + Arrays.hashCode(compressed);
        return result;
    }

    /** Identifies the key without printing the xpub itself (which would expose all addresses). */
    @Override
    public String toString() {
        return String.format("ExtendedPublicKey[depth=%d, fingerprint=%08x, parentFingerprint=%08x, childNumber=%s]",
                depth, fingerprint(), parentFingerprint, formatChildNumber(childNumber));
    }

    static String formatChildNumber(int childNumber) {
        return (childNumber & HARDENED_BIT) != 0
                ? (childNumber & ~HARDENED_BIT) + "'"
                : Integer.toString(childNumber);
    }
}
