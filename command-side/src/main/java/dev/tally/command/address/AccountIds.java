package dev.tally.command.address;

import java.util.Arrays;

/** The 20-byte account id shared by Ethereum and TRON: the last 20 bytes of Keccak-256(X||Y). */
final class AccountIds {

    private AccountIds() {
    }

    /**
     * @param uncompressedWithoutPrefix 64-byte X||Y public key; validated to be on secp256k1 so a
     *     garbage byte array can never be turned into a plausible-looking (unspendable) address
     */
    static byte[] fromPublicKey(byte[] uncompressedWithoutPrefix) {
        Secp256k1.decodeUncompressedWithoutPrefix(uncompressedWithoutPrefix);
        byte[] hash = Hashes.keccak256(uncompressedWithoutPrefix);
        return Arrays.copyOfRange(hash, 12, 32);
    }
}
