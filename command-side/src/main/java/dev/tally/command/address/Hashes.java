package dev.tally.command.address;

import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.bouncycastle.crypto.digests.RIPEMD160Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SHA512Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * The hash functions used by BIP32 and the address formats, all from BouncyCastle's lightweight
 * API so nothing depends on which JCA providers happen to be installed.
 *
 * <p>Every method allocates its own digest instance, so the class is stateless and thread-safe.
 */
final class Hashes {

    private Hashes() {
    }

    /** HMAC-SHA512, the PRF of BIP32 master-key generation and child derivation. */
    static byte[] hmacSha512(byte[] key, byte[]... data) {
        HMac mac = new HMac(new SHA512Digest());
        mac.init(new KeyParameter(key));
        for (byte[] part : data) {
            mac.update(part, 0, part.length);
        }
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return out;
    }

    static byte[] sha256(byte[] data) {
        return digest(new SHA256Digest(), data);
    }

    /** SHA-256 applied twice: the Base58Check checksum function. */
    static byte[] doubleSha256(byte[] data) {
        return sha256(sha256(data));
    }

    /** RIPEMD-160(SHA-256(data)): BIP32 key identifiers and fingerprints. */
    static byte[] hash160(byte[] data) {
        return digest(new RIPEMD160Digest(), sha256(data));
    }

    /**
     * Original Keccak-256 as used by Ethereum and TRON. This is NOT FIPS-202 SHA3-256, which uses
     * different padding and gives different output.
     */
    static byte[] keccak256(byte[] data) {
        return digest(new KeccakDigest(256), data);
    }

    private static byte[] digest(Digest digest, byte[] data) {
        digest.update(data, 0, data.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }
}
