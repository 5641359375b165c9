package dev.tally.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;

import dev.tally.command.address.DepositAddressDeriver;
import dev.tally.command.address.ExtendedPrivateKey;
import dev.tally.kernel.money.Chain;

import org.junit.jupiter.api.Test;
import org.web3j.crypto.MnemonicUtils;

class KeyRingTest {
    /** The well-known development mnemonic; its first Ethereum account is anvil's and hardhat's account 0. */
    static final String TEST_MNEMONIC = "test test test test test test test test test test test junk";
    static final byte[] SEED = MnemonicUtils.generateSeed(TEST_MNEMONIC, null);

    @Test
    void derivesTheWellKnownFirstEthereumAccount() {
        KeyRing keys = new KeyRing(SEED);

        assertThat(KeyRing.address(Chain.ETHEREUM, keys.depositKey(Chain.ETHEREUM, 0)))
                .isEqualTo("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    }

    @Test
    void depositKeysAreThoseOfTheWatchOnlyAddresses() {
        KeyRing keys = new KeyRing(SEED);
        ExtendedPrivateKey master = ExtendedPrivateKey.fromSeed(SEED);
        DepositAddressDeriver tron = new DepositAddressDeriver(master.derivePath("m/44'/195'/0'").publicKey(),
                                                               DepositAddressDeriver.AddressFormat.TRON);
        DepositAddressDeriver ethereum = new DepositAddressDeriver(master.derivePath("m/44'/60'/0'").publicKey(),
                                                                   DepositAddressDeriver.AddressFormat.ETHEREUM);

        LongStream.of(0, 1, 2, 1_000, Integer.MAX_VALUE).forEach(index -> {
            assertThat(KeyRing.address(Chain.TRON, keys.depositKey(Chain.TRON, index)))
                    .isEqualTo(tron.derive(index).address());
            assertThat(KeyRing.address(Chain.ETHEREUM, keys.depositKey(Chain.ETHEREUM, index)))
                    .isEqualTo(ethereum.derive(index).address());
        });
    }

    @Test
    void theHotWalletIsAnAccountOfItsOwn() {
        KeyRing keys = new KeyRing(SEED);
        ExtendedPrivateKey master = ExtendedPrivateKey.fromSeed(SEED);
        DepositAddressDeriver hot = new DepositAddressDeriver(master.derivePath("m/44'/195'/1'").publicKey(),
                                                              DepositAddressDeriver.AddressFormat.TRON);

        assertThat(KeyRing.address(Chain.TRON, keys.hotWallet(Chain.TRON))).isEqualTo(hot.derive(0).address())
                .isNotEqualTo(KeyRing.address(Chain.TRON, keys.depositKey(Chain.TRON, 0)));
        assertThat(keys.toString()).doesNotContainPattern("[0-9a-f]{32}");
    }
}
