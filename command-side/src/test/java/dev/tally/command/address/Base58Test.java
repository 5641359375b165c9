package dev.tally.command.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class Base58Test {

    /** From Bitcoin Core, src/test/data/base58_encode_decode.json. */
    static Stream<Arguments> bitcoinCoreVectors() {
        return Stream.of(
                Arguments.of("", ""),
                Arguments.of("61", "2g"),
                Arguments.of("626262", "a3gV"),
                Arguments.of("636363", "aPEr"),
                Arguments.of("73696d706c792061206c6f6e6720737472696e67", "2cFupjhnEsSn59qHXstmK2ffpLv2"),
                Arguments.of("00eb15231dfceb60925886b67d065299925915aeb172c06647", "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"),
                Arguments.of("516b6fcd0f", "ABnLTmg"),
                Arguments.of("bf4f89001e670274dd", "3SEo3LWLoPntC"),
                Arguments.of("572e4794", "3EFU7m"),
                Arguments.of("ecac89cad93923c02321", "EJDM8drfXA6uyA"),
                Arguments.of("10c8511e", "Rt5zm"),
                Arguments.of("00000000000000000000", "1111111111"),
                Arguments.of("000111d38e5fc9071ffcd20b4a763cc9ae4f252bb4e48fd66a835e252ada93ff480d6dd43dc62a641155a5",
                        "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"),
                Arguments.of("271F359E", "zzzzy"),
                Arguments.of("271F359F", "zzzzz"),
                Arguments.of("271F35A0", "211111"),
                Arguments.of("271F35A1", "211112"));
    }

    @ParameterizedTest
    @MethodSource("bitcoinCoreVectors")
    void encodesAndDecodesBitcoinCoreVectors(String hex, String base58) {
        byte[] bytes = Hex.decode(hex);
        assertThat(Base58.encode(bytes)).isEqualTo(base58);
        assertThat(Base58.decode(base58)).isEqualTo(bytes);
    }

    @Test
    void encodeCheckedProducesKnownTronAddress() {
        // 0x41 || account id of private key 1 (tronweb test/helpers/config.ts ADDRESS_HEX / ADDRESS_BASE58)
        byte[] payload = Hex.decode("417e5f4552091a69125d5dfcb7b8c2659029395bdf");
        assertThat(Base58.encodeChecked(payload)).isEqualTo("TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC");
        assertThat(Base58.decodeChecked("TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC")).isEqualTo(payload);
    }

    @Test
    void decodeCheckedRejectsBadChecksum() {
        // BIP32 test vector 5 "invalid checksum" (last character altered).
        assertThatThrownBy(() -> Base58.decodeChecked(
                "xprv9s21ZrQH143K3QTDL4LXw2F7HEK3wJUD2nW2nRk4stbPy6cq3jPPqjiChkVvvNKmPGJxWUtg6LnF5kejMRNNU3TGtRBeJgk33yuGBxrMPHL"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("checksum")
                .hasMessageNotContaining("xprv9s21");
    }

    @Test
    void decodeRejectsCharactersOutsideAlphabetWithoutEchoingInput() {
        for (String bad : new String[] {"0abc", "abcO", "abIc", "ablc", "ab c", "abc\u00e9", "abc+"}) {
            assertThatThrownBy(() -> Base58.decode(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Invalid Base58 character at position")
                    .hasMessageNotContaining(bad);
        }
    }

    @Test
    void decodeCheckedRejectsTooShortInput() {
        assertThatThrownBy(() -> Base58.decodeChecked("111"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too short");
    }

    @Test
    void leadingZeroBytesRoundTrip() {
        byte[] data = Hex.decode("0000000102");
        String encoded = Base58.encode(data);
        assertThat(encoded).startsWith("111").doesNotStartWith("1111");
        assertThat(Base58.decode(encoded)).isEqualTo(data);
        assertThat(Base58.decodeChecked(Base58.encodeChecked(data))).isEqualTo(data);
    }
}
