package dev.tally.command.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TronAddressTest {

    private static final String USDT_CONTRACT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";

    @Test
    void privateKeyOneIsPrefixedEthereumAccountId() {
        String expected = Base58.encodeChecked(Hex.decode("417e5f4552091a69125d5dfcb7b8c2659029395bdf"));

        assertThat(TronAddress.fromPublicKey(TestKeys.publicKeyXY("1")))
                .isEqualTo(expected)
                // tronweb test/helpers/config.ts: ADDRESS_HEX 417e5f45... / ADDRESS_BASE58
                .isEqualTo("TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC");
    }

    /** trustwallet/wallet-core tests/chains/Tron/AddressTests.cpp (TronAddress.FromPublicKey). */
    @ParameterizedTest
    @CsvSource({
        "2d8f68944bdbfbc0769542fba8fc2d2a3de67393334471624364c7006da2aa54, TJRyWwFs9wTFGZg3JbrVriFbNfCug5tDeC",
        "BE88DF1D0BF30A923CB39C3BB953178BAAF3726E8D3CE81E7C8462E046E0D835, THRF3GuPnvvPzKoaT8pJex5XHmo8NNbCb3"
    })
    void publishedPrivateKeyToAddressVectors(String privateKeyHex, String address) {
        assertThat(TronAddress.fromPublicKey(TestKeys.publicKeyXY(privateKeyHex))).isEqualTo(address);
        assertThat(TronAddress.isValid(address)).isTrue();
    }

    @Test
    void usdtContractAddressIsValidAndDecodes() {
        assertThat(TronAddress.isValid(USDT_CONTRACT)).isTrue();
        byte[] bytes = TronAddress.toBytes(USDT_CONTRACT);
        assertThat(bytes).hasSize(21);
        assertThat(Hex.toHexString(bytes)).isEqualTo("41a614f803b6fd780986a42c78ec9c7f77e6ded13c");
    }

    @Test
    void everySingleCharacterCorruptionOfUsdtContractIsInvalid() {
        String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        for (int i = 0; i < USDT_CONTRACT.length(); i++) {
            char original = USDT_CONTRACT.charAt(i);
            char replacement = alphabet.charAt((alphabet.indexOf(original) + 1) % alphabet.length());
            String corrupted = USDT_CONTRACT.substring(0, i) + replacement + USDT_CONTRACT.substring(i + 1);
            assertThat(TronAddress.isValid(corrupted)).as(corrupted).isFalse();
            assertThatThrownBy(() -> TronAddress.toBytes(corrupted)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "abc", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        // Bitcoin P2PKH address: valid Base58Check, wrong prefix byte (0x00).
        "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L",
        // Invalid-address examples of trustwallet/wallet-core TronAddress.Invalid:
        "175tWpb8K1S7NmH4Zx6rewF9WQrcZv245W", "2MegQ6oqSda2tTagdEzBA",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6tt", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj60"
    })
    void invalidAddresses(String address) {
        assertThat(TronAddress.isValid(address)).isFalse();
        assertThatThrownBy(() -> TronAddress.toBytes(address)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullIsInvalid() {
        assertThat(TronAddress.isValid(null)).isFalse();
    }

    @Test
    void tronAndEthereumShareTheAccountId() {
        byte[] xy = TestKeys.publicKeyXY("BE88DF1D0BF30A923CB39C3BB953178BAAF3726E8D3CE81E7C8462E046E0D835");
        byte[] tron = TronAddress.toBytes(TronAddress.fromPublicKey(xy));
        String eth = EthereumAddress.fromPublicKey(xy);
        assertThat(Hex.toHexString(tron, 1, 20)).isEqualTo(eth.substring(2).toLowerCase(java.util.Locale.ROOT));
    }

    @Test
    void rejectsInvalidPublicKeys() {
        assertThatThrownBy(() -> TronAddress.fromPublicKey(new byte[65]))
                .isInstanceOf(IllegalArgumentException.class);
        byte[] offCurve = TestKeys.publicKeyXY("1");
        offCurve[63] ^= 0x01;
        assertThatThrownBy(() -> TronAddress.fromPublicKey(offCurve))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a valid secp256k1 point");
    }
}
