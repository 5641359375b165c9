package dev.tally.command.address;

import dev.tally.command.CommandSideProperties;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.money.Chain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The account-level extended public key of each chain, from which deposit addresses are derived watch-only. Taken
 * from {@code tally.chains.<chain>.xpub}; without one, from the development key stored on an earlier run; without
 * that, and only when {@code tally.chains.generate-development-keys} is on, a development key pair is generated,
 * its xpub stored and its private key discarded.
 */
@Component
public class ChainKeys {
    private static final Logger log = LoggerFactory.getLogger(ChainKeys.class);

    private final CommandSideProperties.Chains properties;
    private final JdbcClient jdbc;
    private final TransactionTemplate separateTransaction;
    private final Clock clock;
    private final Map<Chain, DepositAddressDeriver> derivers = new EnumMap<>(Chain.class);

    public ChainKeys(CommandSideProperties properties, JdbcClient jdbc, PlatformTransactionManager transactions,
                     Clock clock) {
        this.properties = properties.getChains();
        this.jdbc = jdbc;
        this.clock = clock;
        this.separateTransaction = new TransactionTemplate(transactions);
        this.separateTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The deriver of a chain's deposit addresses. */
    public synchronized DepositAddressDeriver deriver(Chain chain) {
        return derivers.computeIfAbsent(chain, c -> new DepositAddressDeriver(
                ExtendedPublicKey.parse(accountXpub(c)), format(c)));
    }

    private String accountXpub(Chain chain) {
        String configured = switch (chain) {
            case TRON -> properties.getTron().getXpub();
            case ETHEREUM -> properties.getEthereum().getXpub();
        };
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
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
            String xpub = ExtendedPrivateKey.fromSeed(randomSeed()).derivePath(accountPath(chain)).publicKey().serialize();
            jdbc.sql("""
                    INSERT INTO command.chain_keys (chain, xpub, development, created_at)
                    VALUES (:chain, :xpub, true, :now) ON CONFLICT (chain) DO NOTHING""")
                .param("chain", chain.code()).param("xpub", xpub).param("now", Timestamp.from(clock.instant()))
                .update();
            String winner = storedXpub(chain).orElseThrow();
            log.warn("DEVELOPMENT KEY: no tally.chains.{}.xpub configured, so {} deposit addresses derive from a "
                     + "generated development key whose private key was discarded. Never send real funds to them; "
                     + "configure your wallet's account xpub ({}) for real payments.",
                     chain.code(), chain.code(), accountPath(chain));
            return winner;
        });
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
