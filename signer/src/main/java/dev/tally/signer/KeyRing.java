package dev.tally.signer;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

import dev.tally.kernel.money.Chain;

import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/**
 * The keys derived from the seed, by BIP44 paths {@code m/44'/coin'/account'/0/index} (coin 195 for Tron, 60 for
 * Ethereum):
 * <ul>
 * <li>account 0 holds the deposit addresses: the same keys as the watch-only account xpub the command side derives
 * invoice addresses from, so funds on any deposit address can be swept;</li>
 * <li>account 1, index 0, is the chain's hot wallet, which pays refunds and payouts;</li>
 * <li>account 2, index 0, is the chain's resource account: on Tron, it stakes TRX for energy and delegates that
 * energy to the deposit addresses it sweeps.</li>
 * </ul>
 * Only the signer holds one; it never leaves this module.
 */
final class KeyRing {
    static final int DEPOSIT_ACCOUNT = 0;
    static final int HOT_WALLET_ACCOUNT = 1;
    static final int RESOURCE_ACCOUNT = 2;

    private final Bip32ECKeyPair master;
    private final Map<Chain, ECKeyPair> hotWallets = new EnumMap<>(Chain.class);
    private final Map<Chain, ECKeyPair> resourceAccounts = new EnumMap<>(Chain.class);

    KeyRing(byte[] seed) {
        this.master = Bip32ECKeyPair.generateKeyPair(Objects.requireNonNull(seed, "seed"));
        for (Chain chain : Chain.values()) {
            hotWallets.put(chain, derive(chain, HOT_WALLET_ACCOUNT, 0));
            resourceAccounts.put(chain, derive(chain, RESOURCE_ACCOUNT, 0));
        }
    }

    /** The chain's resource account key, {@code m/44'/coin'/2'/0/0}. */
    ECKeyPair resourceAccount(Chain chain) {
        return resourceAccounts.get(chain);
    }

    /** The chain's hot wallet key, {@code m/44'/coin'/1'/0/0}. */
    ECKeyPair hotWallet(Chain chain) {
        return hotWallets.get(chain);
    }

    /** The key of the deposit address at {@code index}, {@code m/44'/coin'/0'/0/index}. */
    ECKeyPair depositKey(Chain chain, long index) {
        if (index < 0 || index > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a deposit address index is 0 to 2^31-1, not " + index);
        }
        return derive(chain, DEPOSIT_ACCOUNT, (int) index);
    }

    /** The address of {@code key} on {@code chain}: base58check for Tron, EIP-55 for Ethereum. */
    static String address(Chain chain, ECKeyPair key) {
        return switch (chain) {
            case ETHEREUM -> Keys.toChecksumAddress(Keys.getAddress(key));
            case TRON -> tronKey(key).toBase58CheckAddress();
        };
    }

    /** The same key as trident's, which signs Tron transactions. */
    static org.tron.trident.core.key.KeyPair tronKey(ECKeyPair key) {
        return new org.tron.trident.core.key.KeyPair(Numeric.toHexStringNoPrefixZeroPadded(key.getPrivateKey(), 64));
    }

    private ECKeyPair derive(Chain chain, int account, int index) {
        int[] path = {44 | Bip32ECKeyPair.HARDENED_BIT, coinType(chain) | Bip32ECKeyPair.HARDENED_BIT,
                      account | Bip32ECKeyPair.HARDENED_BIT, 0, index};
        return Bip32ECKeyPair.deriveKeyPair(master, path);
    }

    static int coinType(Chain chain) {
        return switch (chain) {
            case TRON -> 195;
            case ETHEREUM -> 60;
        };
    }

    @Override
    public String toString() {
        return "KeyRing[keys withheld]";
    }
}
