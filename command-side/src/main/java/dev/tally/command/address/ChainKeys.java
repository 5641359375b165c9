package dev.tally.command.address;

import dev.tally.command.CommandSideProperties;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.platform.config.RealChains;
import dev.tally.platform.config.TestMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The account-level extended public key of each chain and mode, from which deposit addresses are derived watch-only.
 * <ul>
 * <li><b>Live</b> invoices only on a real chain: one with a node endpoint configured
 * ({@code tally.chains.<name>.endpoints}), whose addresses derive from {@code tally.chains.<chain>.xpub}, the
 * operator's own wallet. Fails closed: a real chain without its xpub stops start-up, and a chain without an endpoint
 * takes no live invoice (nothing would see its payments).</li>
 * <li><b>Test</b> invoices (paid on the sandbox chain, while {@code tally.sandbox.enabled}) always derive from a
 * development key, never from the operator's xpub: generated on first use, its xpub stored and its account private
 * key written to a file of its own under {@code tally.chains.development-keys-directory}
 * ({@code ~/.tally/development-keys}), so funds sent to its addresses can be recovered.</li>
 * </ul>
 */
@Component
public class ChainKeys {
    private static final Logger log = LoggerFactory.getLogger(ChainKeys.class);

    private final CommandSideProperties.Chains properties;
    private final JdbcClient jdbc;
    private final TransactionTemplate separateTransaction;
    private final Clock clock;
    private final Map<Chain, DepositAddressDeriver> liveDerivers = new ConcurrentHashMap<>();
    private final Map<Chain, DepositAddressDeriver> testDerivers = new ConcurrentHashMap<>();
    private final boolean testMode;
    /** Chains with a node endpoint configured, and the entry that configures each. */
    private final Map<Chain, String> realChains;

    public ChainKeys(CommandSideProperties properties, JdbcClient jdbc, PlatformTransactionManager transactions,
                     Clock clock, Environment environment) {
        this.properties = properties.getChains();
        this.jdbc = jdbc;
        this.clock = clock;
        this.separateTransaction = new TransactionTemplate(transactions);
        this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.realChains = RealChains.of(environment);
        this.testMode = TestMode.on(environment);
        realChains.forEach((chain, entry) -> {
            if (configuredXpub(chain).isEmpty()) {
                throw new DepositKeysMissingException(chain, entry);
            }
        });
    }

    /**
     * The deriver of a chain's deposit addresses in a mode; refuses (422) a live invoice on a chain Tally does not
     * watch for real, and a test invoice where test mode is off.
     */
    public DepositAddressDeriver deriver(Chain chain, Mode mode) {
        if (mode.live()) {
            if (!realChains.containsKey(chain)) {
                throw DomainException.ruleViolation("live invoices on " + chain.code() + " are not set up on this "
                        + "deployment: its operator has configured no " + chain.code() + " node (tally.chains."
                        + chain.code() + ".endpoints and .xpub). To try Tally, use a test key (tly_test_…): its "
                        + "invoices are paid on the sandbox chain");
            }
            return liveDerivers.computeIfAbsent(chain, c -> new DepositAddressDeriver(
                    ExtendedPublicKey.parse(configuredXpub(c).orElseThrow()), format(c)));
        }
        if (!testMode) {
            throw DomainException.ruleViolation("test mode is turned off on this deployment (tally.sandbox.enabled="
                                                + "false): use a live key");
        }
        return testDerivers.computeIfAbsent(chain, c -> new DepositAddressDeriver(
                ExtendedPublicKey.parse(developmentXpub(c)), format(c)));
    }

    private Optional<String> configuredXpub(Chain chain) {
        String configured = switch (chain) {
            case TRON -> properties.getTron().getXpub();
            case ETHEREUM -> properties.getEthereum().getXpub();
        };
        return configured == null || configured.isBlank() ? Optional.empty() : Optional.of(configured.strip());
    }

    /** The development key of a chain's test invoices: the one stored, or a new one (kept, private half too). */
    private String developmentXpub(Chain chain) {
        Optional<String> stored = storedXpub(chain);
        if (stored.isPresent()) {
            return stored.get();
        }
        return separateTransaction.execute(tx -> {
            ExtendedPrivateKey account = ExtendedPrivateKey.fromSeed(randomSeed()).derivePath(accountPath(chain));
            String xpub = account.publicKey().serialize();
            jdbc.sql("""
                    INSERT INTO command.chain_keys (chain, xpub, development, created_at)
                    VALUES (:chain, :xpub, true, :now) ON CONFLICT (chain) DO NOTHING""")
                .param("chain", chain.code()).param("xpub", xpub).param("now", Timestamp.from(clock.instant()))
                .update();
            String winner = storedXpub(chain).orElseThrow();
            if (winner.equals(xpub)) {
                // Written before the transaction commits: a key in use always has its private half kept.
                Path file = keepPrivateKey(chain, account, xpub);
                log.warn("DEVELOPMENT KEY: deposit addresses of test invoices on {} derive from a generated "
                         + "development key (account {}); its private key is in {}. Live invoices never use it.",
                         chain.code(), accountPath(chain), file);
            }
            return winner;
        });
    }

    /** Writes the account private key of a development key to a file only its owner can read. */
    private Path keepPrivateKey(Chain chain, ExtendedPrivateKey account, String xpub) {
        Path directory = Path.of(properties.getDevelopmentKeysDirectory());
        Path file = directory.resolve(chain.code() + "-" + xpub.substring(xpub.length() - 12) + ".xprv");
        String text = "# Tally development key for " + chain.code() + ": account " + accountPath(chain)
                      + " (deposit addresses are its children 0/<index>)\n"
                      + "# xpub " + xpub + "\n"
                      + account.serialize() + "\n";
        try {
            Files.createDirectories(directory);
            Files.writeString(file, "", StandardOpenOption.CREATE_NEW);
            restrictToOwner(file);
            Files.writeString(file, text, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new IllegalStateException("the development key's private key could not be kept in " + file
                                            + " (tally.chains.development-keys-directory): " + e.getMessage(), e);
        }
        return file;
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // A file system without POSIX permissions: the user's home protects it.
        }
    }

    private Optional<String> storedXpub(Chain chain) {
        return jdbc.sql("SELECT xpub FROM command.chain_keys WHERE chain = :chain")
                   .param("chain", chain.code()).query(String.class).optional();
    }

    static String accountPath(Chain chain) {
        return switch (chain) {
            case TRON -> "m/44'/195'/0'";
            case ETHEREUM -> "m/44'/60'/0'";
        };
    }

    static DepositAddressDeriver.AddressFormat format(Chain chain) {
        return switch (chain) {
            case TRON -> DepositAddressDeriver.AddressFormat.TRON;
            case ETHEREUM -> DepositAddressDeriver.AddressFormat.ETHEREUM;
        };
    }

    private static byte[] randomSeed() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return seed;
    }
}
