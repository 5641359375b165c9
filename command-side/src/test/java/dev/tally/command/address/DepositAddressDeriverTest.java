package dev.tally.command.address;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tally.command.address.DepositAddressDeriver.AddressFormat;
import dev.tally.command.address.DepositAddressDeriver.DerivedAddress;

/**
 * Proves that watch-only derivation from an account xpub yields exactly the addresses an ordinary
 * BIP44 wallet shows for the same mnemonic.
 */
class DepositAddressDeriverTest {

    private static final String MNEMONIC =
            "abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about";
    private static final String SEED_HEX =
            "5eb00bbddcf069084889a8ab9155568165f5c453ccb85e70811aaed6f6da5fc1"
                    + "9a5ac40b389cd370d086206dec8aa6c43daea6690f20ad3d8d48b2d2ce9e38e4";

    private static ExtendedPrivateKey master;
    private static ExtendedPublicKey ethAccount;
    private static ExtendedPublicKey tronAccount;

    @BeforeAll
    static void deriveAccounts() {
        master = ExtendedPrivateKey.fromSeed(Hex.decode(SEED_HEX));
        // Round-trip through the serialized xpub: exactly what the server would be configured with.
        ethAccount = ExtendedPublicKey.parse(master.derivePath("m/44'/60'/0'").publicKey().serialize());
        tronAccount = ExtendedPublicKey.parse(master.derivePath("m/44'/195'/0'").publicKey().serialize());
    }

    @Test
    void seedIsTheBip39SeedOfTheMnemonic() throws Exception {
        // BIP39: PBKDF2-HMAC-SHA512(password = mnemonic, salt = "mnemonic" + passphrase, 2048, 512 bits).
        PBEKeySpec spec = new PBEKeySpec(MNEMONIC.toCharArray(),
                "mnemonic".getBytes(StandardCharsets.UTF_8), 2048, 512);
        byte[] seed = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        assertThat(Hex.toHexString(seed)).isEqualTo(SEED_HEX);
    }

    @Test
    void ethereumAccountXpubMatchesPublishedValue() {
        assertThat(ethAccount.serialize()).isEqualTo(
                "xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt");
        assertThat(ethAccount.depth()).isEqualTo(3);
    }

    @Test
    void ethereumAddressesMatchWallet() {
        DepositAddressDeriver deriver = new DepositAddressDeriver(ethAccount, AddressFormat.ETHEREUM);

        assertThat(deriver.derive(0)).isEqualTo(new DerivedAddress(0, "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"));
        assertThat(deriver.derive(1).address()).isEqualTo("0x6Fac4D18c912343BF86fa7049364Dd4E424Ab9C0");
        assertThat(deriver.derive(2).address()).isEqualTo("0xb6716976A3ebe8D39aCEB04372f22Ff8e6802D7A");
    }

    @Test
    void tronAddressesMatchWallet() {
        DepositAddressDeriver deriver = new DepositAddressDeriver(tronAccount, AddressFormat.TRON);

        assertThat(deriver.derive(0)).isEqualTo(new DerivedAddress(0, "TUEZSdKsoDHQMeZwihtdoBiN46zxhGWYdH"));
        assertThat(deriver.derive(1).address()).isEqualTo("TSeJkUh4Qv67VNFwY8LaAxERygNdy6NQZK");
        assertThat(deriver.format()).isEqualTo(AddressFormat.TRON);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 7, 1000, 123456789, DepositAddressDeriver.MAX_INDEX})
    void watchOnlyDerivationEqualsPrivateDerivation(long index) {
        DepositAddressDeriver tron = new DepositAddressDeriver(tronAccount, AddressFormat.TRON);
        DepositAddressDeriver eth = new DepositAddressDeriver(ethAccount, AddressFormat.ETHEREUM);

        ExtendedPublicKey tronLeaf = master.derivePath("m/44'/195'/0'/0/" + index).publicKey();
        ExtendedPublicKey ethLeaf = master.derivePath("m/44'/60'/0'/0/" + index).publicKey();

        assertThat(tron.derive(index).address()).isEqualTo(TronAddress.fromPublicKey(tronLeaf));
        assertThat(eth.derive(index).address()).isEqualTo(EthereumAddress.fromPublicKey(ethLeaf));
        assertThat(tronAccount.derivePath(0, (int) index)).isEqualTo(tronLeaf);
    }

    @Test
    void thousandIndicesGiveThousandDistinctValidAddresses() {
        DepositAddressDeriver tron = new DepositAddressDeriver(tronAccount, AddressFormat.TRON);
        DepositAddressDeriver eth = new DepositAddressDeriver(ethAccount, AddressFormat.ETHEREUM);
        Set<String> tronAddresses = new HashSet<>();
        Set<String> ethAddresses = new HashSet<>();

        for (long i = 0; i < 1000; i++) {
            DerivedAddress t = tron.derive(i);
            DerivedAddress e = eth.derive(i);
            assertThat(t.index()).isEqualTo(i);
            assertThat(TronAddress.isValid(t.address())).isTrue();
            assertThat(EthereumAddress.isValid(e.address())).isTrue();
            tronAddresses.add(t.address());
            ethAddresses.add(e.address());
        }

        assertThat(tronAddresses).hasSize(1000);
        assertThat(ethAddresses).hasSize(1000);
    }

    @ParameterizedTest
    @ValueSource(longs = {-1, Long.MIN_VALUE, 0x80000000L, 0x80000000L + 5, 0xFFFFFFFFL, 1L << 32, Long.MAX_VALUE})
    void outOfRangeAndHardenedIndicesAreRejected(long index) {
        DepositAddressDeriver deriver = new DepositAddressDeriver(tronAccount, AddressFormat.TRON);
        assertThatThrownBy(() -> deriver.derive(index))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2^31-1");
    }

    @Test
    void constructorRejectsNulls() {
        assertThatThrownBy(() -> new DepositAddressDeriver(null, AddressFormat.TRON))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new DepositAddressDeriver(tronAccount, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void derivationIsDeterministicAcrossInstances() {
        assertThat(new DepositAddressDeriver(ethAccount, AddressFormat.ETHEREUM).derive(42))
                .isEqualTo(new DepositAddressDeriver(ethAccount, AddressFormat.ETHEREUM).derive(42));
    }
}
