package dev.tally.command.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExtendedPrivateKeyTest {

    private static final byte[] SEED_1 = Hex.decode("000102030405060708090a0b0c0d0e0f");
    private static final String V1_MASTER_PRIVATE_HEX =
            "e8f32e723decf4051aefac8e2c93c9c5b214313817cdb01a1494b917c8436b35";

    @Test
    void toStringNeverRevealsKeyMaterial() {
        ExtendedPrivateKey master = ExtendedPrivateKey.fromSeed(SEED_1);
        String xprv = master.serialize();
        String text = master.toString();

        assertThat(text)
                .contains("redacted")
                .doesNotContain(xprv)
                .doesNotContain(xprv.substring(4, 20))
                .doesNotContain(V1_MASTER_PRIVATE_HEX)
                .doesNotContain(V1_MASTER_PRIVATE_HEX.substring(0, 12))
                .doesNotContain(new BigInteger(V1_MASTER_PRIVATE_HEX, 16).toString())
                .doesNotContain(Hex.toHexString(master.chainCode()));
        assertThat(master.derivePath("m/0H/1").toString()).contains("depth=2").contains("childNumber=1");
        assertThat(master.deriveChild(0x80000000).toString()).contains("childNumber=0'");
    }

    @Test
    void pathNotationsAreEquivalent() {
        ExtendedPrivateKey master = ExtendedPrivateKey.fromSeed(SEED_1);
        String expected = master.derivePath("m/0H/1/2H").serialize();

        assertThat(master.derivePath("m/0'/1/2'").serialize()).isEqualTo(expected);
        assertThat(master.derivePath("m/0h/1/2h").serialize()).isEqualTo(expected);
        assertThat(master.deriveChild(0x80000000).deriveChild(1).deriveChild(2 | 0x80000000).serialize())
                .isEqualTo(expected);
        assertThat(master.derivePath("m")).isSameAs(master);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "M/0", "/0", "m/", "m//1", "0/1", "m/x", "m/1'/", "m/-1", "m/1''",
            "m/2147483648", "m/2147483648'", "m/99999999999", "m/ 1", "m/1 ", "m/+1"})
    void malformedPathsAreRejected(String path) {
        ExtendedPrivateKey master = ExtendedPrivateKey.fromSeed(SEED_1);
        assertThatThrownBy(() -> master.derivePath(path)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void largestIndicesAreAccepted() {
        ExtendedPrivateKey master = ExtendedPrivateKey.fromSeed(SEED_1);
        assertThat(master.derivePath("m/2147483647'").childNumber()).isEqualTo(0xFFFFFFFF);
        assertThat(master.derivePath("m/2147483647").childNumber()).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void seedLengthIsChecked() {
        assertThatThrownBy(() -> ExtendedPrivateKey.fromSeed(new byte[15]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ExtendedPrivateKey.fromSeed(new byte[65]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(ExtendedPrivateKey.fromSeed(new byte[16]).depth()).isZero();
        assertThat(ExtendedPrivateKey.fromSeed(new byte[64]).depth()).isZero();
    }

    @Test
    void publicKeyOfMasterMatchesPointOfPrivateKey() {
        ExtendedPrivateKey master = ExtendedPrivateKey.fromSeed(SEED_1);
        assertThat(master.publicKey().compressedPublicKey())
                .isEqualTo(Secp256k1.compressed(Secp256k1.multiplyG(new BigInteger(V1_MASTER_PRIVATE_HEX, 16))));
        assertThat(master.fingerprint()).isEqualTo(master.publicKey().fingerprint());
        assertThat(master.chainCode()).isEqualTo(master.publicKey().chainCode());
    }

    @Test
    void invalidChildBranchesOfPrivateDerivation() {
        BigInteger k = BigInteger.valueOf(42);
        assertThatThrownBy(() -> ExtendedPrivateKey.addTweak(k, Secp256k1.ser256(Secp256k1.N), 3))
                .isInstanceOf(InvalidChildKeyException.class);
        assertThatThrownBy(() -> ExtendedPrivateKey.addTweak(k, Secp256k1.ser256(Secp256k1.N.subtract(k)), 4))
                .isInstanceOf(InvalidChildKeyException.class)
                .hasMessageContaining("zero");
        assertThat(ExtendedPrivateKey.addTweak(Secp256k1.N.subtract(BigInteger.ONE),
                Secp256k1.ser256(BigInteger.TWO), 5)).isEqualTo(BigInteger.ONE);
    }
}
