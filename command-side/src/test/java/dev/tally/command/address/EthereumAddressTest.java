package dev.tally.command.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EthereumAddressTest {

    @ParameterizedTest
    @ValueSource(strings = {
        // EIP-55 examples. All caps:
        "0x52908400098527886E0F7030069857D2E4169EE7",
        "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
        // All lower:
        "0xde709f2102306220921060314715629080e2fb77",
        "0x27b1fdb04752bbc536007a920d24acb045561c26",
        // Normal:
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"
    })
    void eip55ExamplesAreReproducedAndValid(String address) {
        String lower = address.toLowerCase(Locale.ROOT);
        String upperDigits = "0x" + address.substring(2).toUpperCase(Locale.ROOT);

        assertThat(EthereumAddress.toChecksum(lower)).isEqualTo(address);
        assertThat(EthereumAddress.toChecksum(upperDigits)).isEqualTo(address);
        assertThat(EthereumAddress.toChecksum(lower.substring(2))).isEqualTo(address);
        assertThat(EthereumAddress.isValid(address)).isTrue();
        assertThat(EthereumAddress.isValid(lower)).isTrue();
        assertThat(EthereumAddress.isValid(upperDigits)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"
    })
    void flippingTheCaseOfAnyLetterBreaksTheChecksum(String address) {
        for (int i = 2; i < address.length(); i++) {
            char c = address.charAt(i);
            if (!Character.isLetter(c)) {
                continue;
            }
            char flipped = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
            String mutated = address.substring(0, i) + flipped + address.substring(i + 1);
            boolean becameUniformCase = mutated.substring(2).equals(mutated.substring(2).toLowerCase(Locale.ROOT))
                    || mutated.substring(2).equals(mutated.substring(2).toUpperCase(Locale.ROOT));
            if (!becameUniformCase) {
                assertThat(EthereumAddress.isValid(mutated)).as(mutated).isFalse();
            }
        }
    }

    @Test
    void privateKeyOneHasTheWellKnownAddress() {
        byte[] xy = TestKeys.publicKeyXY("1");
        // secp256k1 generator point G.
        assertThat(Hex.toHexString(xy)).isEqualTo(
                "79be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
                        + "483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8");
        assertThat(EthereumAddress.fromPublicKey(xy)).isEqualTo("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf");
    }

    @Test
    void rejectsMalformedInput() {
        assertThat(EthereumAddress.isValid(null)).isFalse();
        assertThat(EthereumAddress.isValid("")).isFalse();
        assertThat(EthereumAddress.isValid("5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")).isFalse();
        assertThat(EthereumAddress.isValid("0X5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed")).isFalse();
        assertThat(EthereumAddress.isValid("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe")).isFalse();
        assertThat(EthereumAddress.isValid("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd")).isFalse();
        assertThat(EthereumAddress.isValid("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeg")).isFalse();
        assertThat(EthereumAddress.isValid("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t")).isFalse();

        assertThatThrownBy(() -> EthereumAddress.toChecksum("0x1234"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EthereumAddress.toChecksum("0xzz" + "0".repeat(38)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EthereumAddress.fromPublicKey(new byte[63]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EthereumAddress.fromPublicKey(new byte[64]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid secp256k1 point");
    }
}
