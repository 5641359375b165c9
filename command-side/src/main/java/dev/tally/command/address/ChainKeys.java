package dev.tally.command.address;

import dev.tally.command.CommandSideProperties;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.money.Chain;
import dev.tally.platform.config.ConfiguredEntries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.bind.Binder;
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
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The account-level extended public key of each chain, from which deposit addresses are derived watch-only. Taken
 * from {@code tally.chains.<chain>.xpub}; without one, from the development key stored on an earlier run; without
 * that, and only when {@code tally.chains.generate-development-keys} is on, a development key pair is generated: its
 * xpub is stored and its account private key written to a file of its own under
 * {@code tally.chains.development-keys-directory} ({@code ~/.tally/development-keys}), so test funds sent to its
 * addresses can be recovered.
 * <p>
 * Fails closed: a chain with a node endpoint configured ({@code tally.chains.<name>.endpoints}, a real chain whose
 * addresses receive real funds) must have its xpub configured — start-up stops otherwise, and a development key,
 * stored or new, is never used for it.
 */
@Component
public class ChainKeys {
    private static final Logger log = LoggerFactory.getLogger(ChainKeys.class);

    private final CommandSideProperties.Chains properties;
    private final JdbcClient jdbc;
    private final TransactionTemplate separateTransaction;
    private final Clock clock;
    private final Map<Chain, DepositAddressDeriver> derivers = new EnumMap<>(Chain.class);
    /** Chains with a node endpoint configured, and the entry that configures each. */
    private final Map<Chain, String> realChains;

    public ChainKeys(CommandSideProperties properties, JdbcClient jdbc, PlatformTransactionManager transactions,
                     Clock clock, Environment environment) {
        this.properties = properties.getChains();
        this.jdbc = jdbc;
        this.clock = clock;
        this.separateTransaction = new TransactionTemplate(transactions);
        this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.realChains = realChains(environment);
        realChains.forEach((chain, entry) -> {
            if (configuredXpub(chain).isEmpty()) {
                throw new DepositKeysMissingException(chain, entry);
            }
        });
    }

    /**
     * The chains a node endpoint is configured for ({@code tally.chains.<name>.endpoints}, the chain being
     * {@code tally.chains.<name>.chain} or the entry's name), with the entry's name.
     */
    static Map<Chain, String> realChains(Environment environment) {
        Map<Chain, String> real = new EnumMap<>(Chain.class);
        Binder binder = Binder.get(environment);
        for (String entry : ConfiguredEntries.names(environment, "tally.chains", "endpoints"::equals)) {
            String code = binder.bind("tally.chains." + entry + ".chain", String.class).orElse(entry);
            Chain.fromCode(code).ifPresent(chain -> real.putIfAbsent(chain, entry));
        }
        return real;
    }

    /** The deriver of a chain's deposit addresses. */
    public synchronized DepositAddressDeriver deriver(Chain chain) {
        return derivers.computeIfAbsent(chain, c -> new DepositAddressDeriver(
                ExtendedPublicKey.parse(accountXpub(c)), format(c)));
    }

    private Optional<String> configuredXpub(Chain chain) {
        String configured = switch (chain) {
            case TRON -> properties.getTron().getXpub();
            case ETHEREUM -> properties.getEthereum().getXpub();
        };
        return configured == null || configured.isBlank() ? Optional.empty() : Optional.of(configured.strip());
    }

    private String accountXpub(Chain chain) {
        Optional<String> configured = configuredXpub(chain);
        if (configured.isPresent()) {
            return configured.get();
        }
        if (realChains.containsKey(chain)) {
            // Refused at start-up already; never a development key for a real chain.
            throw new DepositKeysMissingException(chain, realChains.get(chain));
        }
        Optional<String> stored = storedXpub(chain);
        if (stored.isPresent()) {
            return stored.get();
        }
        if (!properties.isGenerateDevelopmentKeys()) {
            throw new DomainException(ErrorCode.SERVICE_UNAVAILABLE, "payments on " + chain.code()
                    + " are not set up: the operator has to configure tally.chains." + chain.code() + ".xpub");
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
                log.warn("DEVELOPMENT KEY: no tally.chains.{}.xpub configured, so {} deposit addresses derive from a "
                         + "generated development key (account {}); its private key is in {}. For test funds only: "
                         + "configure your wallet's account xpub for real payments.",
                         chain.code(), chain.code(), accountPath(chain), file);
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
