package dev.tally.command.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;

import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;

class ExtendedPublicKeyTest {

    private static final String V1_MASTER_XPUB =
            "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8";
    private static final String V1_MASTER_XPRV =
            "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHi";
    /** Vector 1 master private key (ser256), from the xprv above. */
    private static final String V1_MASTER_PRIVATE_HEX =
            "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35";

    @Test
    void parseRefusesXprvWithoutLeakingIt() {
        assertThatThrownBy(() -> ExtendedPublicKey.parse(V1_MASTER_XPRV))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PRIVATE key (xprv)")
                .hasMessageNotContaining(V1_MASTER_XPRV)
                .hasMessageNotContaining(V1_MASTER_XPRV.substring(4, 30))
                .hasMessageNotContaining(V1_MASTER_PRIVATE_HEX)
                .hasMessageNotContaining(V1_MASTER_PRIVATE_HEX.substring(0, 16));
    }

    @Test
    void theXprvFixtureReallyHoldsThatPrivateKey() {
        // Makes the leak assertions above meaningful: the hex is the key inside the xprv.
        byte[] payload = Base58.decodeChecked(V1_MASTER_XPRV);
        assertThat(Hex.toHexString(payload, 46, 32)).isEqualTo(V1_MASTER_PRIVATE_HEX);
    }

    @Test
    void parseRejectsTestnetAndWrongLengthAndGarbage() {
        // tpub of vector 1 master: same payload with testnet version 0x043587CF.
        byte[] payload = Base58.decodeChecked(V1_MASTER_XPUB);
        payload[0] = 0x04;
        payload[1] = 0x35;
        payload[2] = (byte) 0x87;
        payload[3] = (byte) 0xCF;
        String tpub = Base58.encodeChecked(payload);
        assertThat(tpub).startsWith("tpub");
        assertThatThrownBy(() -> ExtendedPublicKey.parse(tpub))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x043587CF");

        byte[] shortPayload = java.util.Arrays.copyOf(Base58.decodeChecked(V1_MASTER_XPUB), 77);
        assertThatThrownBy(() -> ExtendedPublicKey.parse(Base58.encodeChecked(shortPayload)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 78 bytes");

        assertThatThrownBy(() -> ExtendedPublicKey.parse(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExtendedPublicKey.parse(" " + V1_MASTER_XPUB))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid Base58 character at position 0");
        assertThatThrownBy(() -> ExtendedPublicKey.parse(null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void parseRejectsOneCharacterCorruption() {
        String corrupted = V1_MASTER_XPUB.substring(0, 50) + (V1_MASTER_XPUB.charAt(50) == 'a' ? 'b' : 'a')
                + V1_MASTER_XPUB.substring(51);
        assertThatThrownBy(() -> ExtendedPublicKey.parse(corrupted))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checksum");
    }

    @Test
    void accessorsReturnDefensiveCopies() {
        ExtendedPublicKey key = ExtendedPublicKey.parse(V1_MASTER_XPUB);

        key.chainCode()[0] ^= 0x01;
        key.compressedPublicKey()[1] ^= 0x01;
        key.uncompressedPublicKeyWithoutPrefix()[0] ^= 0x01;

        assertThat(key.serialize()).isEqualTo(V1_MASTER_XPUB);
        assertThat(key).isEqualTo(ExtendedPublicKey.parse(V1_MASTER_XPUB));
    }

    @Test
    void uncompressedKeyIsXYOfTheCompressedPoint() {
        ExtendedPublicKey key = ExtendedPublicKey.parse(V1_MASTER_XPUB);
        byte[] xy = key.uncompressedPublicKeyWithoutPrefix();
        byte[] compressed = key.compressedPublicKey();

        assertThat(xy).hasSize(64);
        assertThat(compressed).hasSize(33);
        assertThat(java.util.Arrays.copyOfRange(xy, 0, 32))
                .isEqualTo(java.util.Arrays.copyOfRange(compressed, 1, 33));
        int yParity = xy[63] & 1;
        assertThat(compressed[0]).isEqualTo((byte) (0x02 + yParity));
        // And it is point(k) for the vector 1 master private key.
        ECPoint expected = Secp256k1.multiplyG(new BigInteger(V1_MASTER_PRIVATE_HEX, 16));
        assertThat(xy).isEqualTo(Secp256k1.uncompressedWithoutPrefix(expected));
    }

    @Test
    void equalityDependsOnAllFields() {
        ExtendedPublicKey master = ExtendedPublicKey.parse(V1_MASTER_XPUB);
        ExtendedPublicKey child0 = master.deriveChild(0);
        ExtendedPublicKey child1 = master.deriveChild(1);

        assertThat(child0).isEqualTo(master.deriveChild(0)).hasSameHashCodeAs(master.deriveChild(0));
        assertThat(child0).isNotEqualTo(child1).isNotEqualTo(master).isNotEqualTo(null).isNotEqualTo("x");
        assertThat(child0.depth()).isEqualTo(1);
        assertThat(child1.childNumber()).isEqualTo(1);
        assertThat(child1.parentFingerprint()).isEqualTo(master.fingerprint());
    }

    @Test
    void negativeIndexIsRejected() {
        ExtendedPublicKey master = ExtendedPublicKey.parse(V1_MASTER_XPUB);
        assertThatThrownBy(() -> master.deriveChild(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hardened");
        assertThatThrownBy(() -> master.deriveChild(Integer.MIN_VALUE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(master.deriveChild(Integer.MAX_VALUE).childNumber()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void invalidChildWhenTweakIsNotBelowCurveOrder() {
        ECPoint parent = Secp256k1.multiplyG(BigInteger.valueOf(12345));
        byte[] n = Secp256k1.ser256(Secp256k1.N);
        byte[] max = Hex.decode("ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff");

        assertThatThrownBy(() -> ExtendedPublicKey.addTweak(parent, n, 7))
                .isInstanceOf(InvalidChildKeyException.class)
                .hasMessageContaining("index 7")
                .satisfies(e -> assertThat(((InvalidChildKeyException) e).index()).isEqualTo(7));
        assertThatThrownBy(() -> ExtendedPublicKey.addTweak(parent, max, 8))
                .isInstanceOf(InvalidChildKeyException.class);
    }

    @Test
    void invalidChildWhenResultIsPointAtInfinity() {
        BigInteger k = BigInteger.valueOf(12345);
        ECPoint parent = Secp256k1.multiplyG(k);
        byte[] negK = Secp256k1.ser256(Secp256k1.N.subtract(k)); // point(n-k) + point(k) = O

        assertThatThrownBy(() -> ExtendedPublicKey.addTweak(parent, negK, 9))
                .isInstanceOf(InvalidChildKeyException.class)
                .hasMessageContaining("infinity");
    }

    @Test
    void validTweakAddsPoints() {
        ECPoint parent = Secp256k1.multiplyG(BigInteger.valueOf(5));
        ECPoint child = ExtendedPublicKey.addTweak(parent, Secp256k1.ser256(BigInteger.valueOf(7)), 0);
        assertThat(child).isEqualTo(Secp256k1.multiplyG(BigInteger.valueOf(12)));
    }

    @Test
    void toStringDoesNotPrintTheXpub() {
        ExtendedPublicKey key = ExtendedPublicKey.parse(V1_MASTER_XPUB);
        assertThat(key.toString())
                .contains("depth=0")
                .contains(String.format("%08x", key.fingerprint()))
                .doesNotContain(V1_MASTER_XPUB.substring(4, 30));
    }
}
