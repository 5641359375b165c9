package dev.tally.command.address;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A BIP32 extended private key (mainnet {@code xprv}).
 *
 * <p><strong>For generating development keys and for tests only.</strong> Production deposit
 * address derivation is watch-only: the server is configured with an account-level
 * {@link ExtendedPublicKey} and must never hold an extended private key. This class exists so that
 * developers can produce an xpub from a throw-away seed and so that tests can prove public
 * derivation matches the wallet's private derivation (BIP32 test vectors, BIP44 paths).
 *
 * <p>Private material is kept in a {@link BigInteger}, which cannot be wiped from memory; another
 * reason not to use this class on a production host. {@link #toString()} never reveals the key.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ExtendedPrivateKey {

    private static final byte[] MASTER_HMAC_KEY = "Bitcoin seed".getBytes(StandardCharsets.US_ASCII);
    private static final int HARDENED_BIT = 0x80000000;

    private final int depth;
    private final int parentFingerprint;
    private final int childNumber;
    private final byte[] chainCode;
    private final BigInteger privateKey;
    private final ExtendedPublicKey publicKey;

    private ExtendedPrivateKey(int depth, int parentFingerprint, int childNumber, byte[] chainCode,
            BigInteger privateKey) {
        this.depth = depth;
        this.parentFingerprint = parentFingerprint;
        this.childNumber = childNumber;
        this.chainCode = chainCode.clone();
        this.privateKey = privateKey;
        this.publicKey = new ExtendedPublicKey(depth, parentFingerprint, childNumber, chainCode,
                Secp256k1.multiplyG(privateKey));
    }

    /**
     * BIP32 master key generation: I = HMAC-SHA512(Key = "Bitcoin seed", Data = seed).
     *
     * @param seed 16 to 64 bytes (128 to 512 bits), e.g. a BIP39 seed
     * @throws IllegalArgumentException if the seed length is out of range or (with negligible
     *     probability) the seed yields an invalid master key
     */
    public static ExtendedPrivateKey fromSeed(byte[] seed) {
        Objects.requireNonNull(seed, "seed");
        if (seed.length < 16 || seed.length > 64) {
            throw new IllegalArgumentException("BIP32 seed must be 16..64 bytes, got " + seed.length);
        }
        byte[] i = Hashes.hmacSha512(MASTER_HMAC_KEY, seed);
        try {
            BigInteger k = new BigInteger(1, Arrays.copyOfRange(i, 0, 32));
            if (k.signum() == 0 || k.compareTo(Secp256k1.N) >= 0) {
                throw new IllegalArgumentException("Seed yields an invalid BIP32 master key; use another seed");
            }
            return new ExtendedPrivateKey(0, 0, 0, Arrays.copyOfRange(i, 32, 64), k);
        } finally {
            Arrays.fill(i, (byte) 0);
        }
    }

    /**
     * CKDpriv: derives the child at {@code index}. Indices with bit 31 set (negative ints, e.g.
     * {@code 44 | 0x80000000}) are hardened.
     *
     * @throws InvalidChildKeyException in the (&lt; 2<sup>-127</sup>) case that the index has no
     *     valid key; per BIP32 the caller should skip to the next index
     */
    public ExtendedPrivateKey deriveChild(int index) {
        if (depth == 255) {
            throw new IllegalStateException("Maximum BIP32 depth (255) reached");
        }
        byte[] keyData;
        if ((index & HARDENED_BIT) != 0) {
            keyData = new byte[33];
            System.arraycopy(Secp256k1.ser256(privateKey), 0, keyData, 1, 32);
        } else {
            keyData = publicKey.compressedPublicKey();
        }
        byte[] i = Hashes.hmacSha512(chainCode, keyData, Secp256k1.ser32(index));
        try {
            BigInteger childKey = addTweak(privateKey, Arrays.copyOfRange(i, 0, 32), index);
            return new ExtendedPrivateKey(depth + 1, publicKey.fingerprint(), index,
                    Arrays.copyOfRange(i, 32, 64), childKey);
        } finally {
            Arrays.fill(keyData, (byte) 0);
            Arrays.fill(i, (byte) 0);
        }
    }

    /**
     * k<sub>i</sub> = parse256(I<sub>L</sub>) + k<sub>par</sub> (mod n), with the BIP32 validity
     * checks. Package-private so tests can exercise the invalid-child branches.
     */
    static BigInteger addTweak(BigInteger parentKey, byte[] il, int index) {
        BigInteger tweak = new BigInteger(1, il);
        if (tweak.compareTo(Secp256k1.N) >= 0) {
            throw new InvalidChildKeyException(index, "I_L >= curve order n");
        }
        BigInteger child = tweak.add(parentKey).mod(Secp256k1.N);
        if (child.signum() == 0) {
            throw new InvalidChildKeyException(index, "resulting private key is zero");
        }
        return child;
    }

    /**
     * Derives along a textual path such as {@code "m/44'/195'/0'"} or {@code "m/0H/1"}. The path
     * must start with {@code m}; hardened steps are marked with {@code '}, {@code h} or {@code H};
     * each index must be below 2<sup>31</sup> before hardening. {@code "m"} alone returns this key.
     *
     * <p>The path is interpreted relative to this key, which is normally the master key.
     *
     * @throws IllegalArgumentException on a malformed path
     */
    public ExtendedPrivateKey derivePath(String path) {
        Objects.requireNonNull(path, "path");
        String[] parts = path.split("/", -1);
        if (!"m".equals(parts[0])) {
            throw new IllegalArgumentException("Derivation path must start with 'm': " + path);
        }
        ExtendedPrivateKey key = this;
        for (int p = 1; p < parts.length; p++) {
            key = key.deriveChild(parseSegment(parts[p], path));
        }
        return key;
    }

    private static int parseSegment(String segment, String path) {
        boolean hardened = segment.endsWith("'") || segment.endsWith("h") || segment.endsWith("H");
        String digits = hardened ? segment.substring(0, segment.length() - 1) : segment;
        if (digits.isEmpty() || digits.length() > 10 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("Invalid derivation path segment '" + segment + "' in " + path);
        }
        long value = Long.parseLong(digits);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Derivation path index out of range (must be < 2^31) in " + path);
        }
        return hardened ? ((int) value) | HARDENED_BIT : (int) value;
    }

    /** N(k, c): the corresponding extended public key ("neutered" key). */
    public ExtendedPublicKey publicKey() {
        return publicKey;
    }

    /**
     * The Base58Check {@code xprv...} serialization. This IS the secret; never log it. Only
     * intended for comparing against published test vectors and for offline dev-key tooling.
     */
    public String serialize() {
        ByteBuffer buffer = ByteBuffer.allocate(ExtendedPublicKey.SERIALIZED_LENGTH);
        byte[] keyBytes = Secp256k1.ser256(privateKey);
        try {
            buffer.putInt(ExtendedPublicKey.VERSION_XPRV);
            buffer.put((byte) depth);
            buffer.putInt(parentFingerprint);
            buffer.putInt(childNumber);
            buffer.put(chainCode);
            buffer.put((byte) 0);
            buffer.put(keyBytes);
            return Base58.encodeChecked(buffer.array());
        } finally {
            Arrays.fill(keyBytes, (byte) 0);
            Arrays.fill(buffer.array(), (byte) 0);
        }
    }

    public int depth() {
        return depth;
    }

    /** 32-byte chain code (copy). */
    public byte[] chainCode() {
        return chainCode.clone();
    }

    public int parentFingerprint() {
        return parentFingerprint;
    }

    public int childNumber() {
        return childNumber;
    }

    /** This key's fingerprint (same as its public key's). */
    public int fingerprint() {
        return publicKey.fingerprint();
    }

    /** Never reveals key material: only the position in the tree and the public fingerprint. */
    @Override
    public String toString() {
        return String.format("ExtendedPrivateKey[depth=%d, fingerprint=%08x, childNumber=%s, key=<redacted>]",
                depth, fingerprint(), ExtendedPublicKey.formatChildNumber(childNumber));
    }
}
