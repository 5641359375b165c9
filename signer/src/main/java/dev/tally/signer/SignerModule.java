package dev.tally.signer;

import java.time.Clock;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

import dev.tally.kernel.money.Chain;

import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configurer;

/**
 * The signer on an Axon configuration built without Spring: its allowance aggregate and its {@code SignTransfer}
 * handler, over the configuration's event store. The Spring auto-configuration does the same for the launcher.
 */
public final class SignerModule {
    private SignerModule() {
    }

    /** Opens the keystore of {@code properties} (failing if it cannot) and registers the signer. */
    public static void register(Configurer configurer, SignerProperties properties, Clock clock) {
        SignerSettings settings = SignerSettings.of(properties);
        TransferTransactions transactions = transactions(properties, settings);
        configurer.configureAggregate(AggregateConfigurer.defaultConfiguration(SigningAllowance.class));
        // One handler object for the SignTransfer command and the FindHotWallet query.
        configurer.registerMessageHandler(c -> new TransferSigner(() -> c.repository(SigningAllowance.class),
                                                                  new IntentBook(c.eventStore(),
                                                                                 transactions::hotWallet),
                                                                  transactions,
                                                                  settings, clock));
    }

    /** The hot wallet's address on each chain, for the operator to fund (the keystore is opened to derive them). */
    public static Map<Chain, String> hotWallets(SignerProperties properties) {
        TransferTransactions transactions = transactions(properties, SignerSettings.of(properties));
        Map<Chain, String> wallets = new EnumMap<>(Chain.class);
        for (Chain chain : Chain.values()) {
            wallets.put(chain, transactions.hotWallet(chain));
        }
        return wallets;
    }

    /**
     * The resource account's address on each chain: on Tron, the operator stakes TRX for energy from it, which is
     * delegated to the deposit addresses it sweeps.
     */
    public static Map<Chain, String> resourceAccounts(SignerProperties properties) {
        TransferTransactions transactions = transactions(properties, SignerSettings.of(properties));
        Map<Chain, String> accounts = new EnumMap<>(Chain.class);
        for (Chain chain : Chain.values()) {
            accounts.put(chain, transactions.resourceAccount(chain));
        }
        return accounts;
    }

    static TransferTransactions transactions(SignerProperties properties, SignerSettings settings) {
        char[] password = properties.getPassword() == null ? new char[0] : properties.getPassword().toCharArray();
        byte[] seed = SeedKeystore.open(properties.getKeystore(), password);
        try {
            return new TransferTransactions(new KeyRing(seed), settings.tokenContracts(), settings.maxTopUpsWei(),
                                            settings.maxDelegationSun());
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(password, '\0');
        }
    }
}
