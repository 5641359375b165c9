package dev.tally.command.address;

import java.math.BigInteger;

/** Test helper: raw private key (hex) to the 64-byte X||Y public key. */
final class TestKeys {

    private TestKeys() {
    }

    static byte[] publicKeyXY(String privateKeyHex) {
        return Secp256k1.uncompressedWithoutPrefix(Secp256k1.multiplyG(new BigInteger(privateKeyHex, 16)));
    }
}
