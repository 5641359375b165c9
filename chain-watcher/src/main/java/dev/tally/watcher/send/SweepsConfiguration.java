package dev.tally.watcher.send;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The sweeps that fill the hot wallets from the deposit addresses ({@code tally.sweeps.*}), of every {@link
 * Sweeps.Sources} the watcher has: live deposit addresses where live money goes out, test ones on the sandbox chain.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = SweepsConfiguration.SWEEPS_ENABLED, havingValue = "true", matchIfMissing = true)
public class SweepsConfiguration {
    /** Whether deposit addresses are swept to the hot wallets. */
    public static final String SWEEPS_ENABLED = "tally.sweeps.enabled";
    /** The least final money (USDT) on a deposit address that is worth its sweep's gas. */
    public static final String SWEEP_THRESHOLD = "tally.sweeps.threshold";
    /** How often due deposit addresses are looked at. */
    public static final String SWEEP_INTERVAL = "tally.sweeps.interval";
    /** How many due deposit addresses one round looks at, per chain. */
    public static final String SWEEP_BATCH_SIZE = "tally.sweeps.batch-size";
    /**
     * How a Tron sweep pays for its energy: {@code delegate} (the default) from the resource account's staked TRX,
     * or {@code burn} TRX the hot wallet sends.
     */
    public static final String TRON_ENERGY = "tally.sweeps.tron.energy";
    /** Whether a Tron sweep burns TRX when the resource account cannot delegate its energy (default true). */
    public static final String TRON_BURN_WHEN_SHORT = "tally.sweeps.tron.burn-when-short";

    @Bean
    public Sweeps sweeps(ObjectProvider<Sweeps.Sources> contributed, Environment environment, DataSource dataSource,
                         PlatformTransactionManager transactions, CommandGateway commands, Clock clock) {
        Map<Sweeps.Source, TokenBalances> sources = new HashMap<>();
        contributed.orderedStream().forEach(some -> sources.putAll(some.bySource()));
        String threshold = environment.getProperty(SWEEP_THRESHOLD, "50");
        TokenAmount amount;
        try {
            amount = TokenAmount.parse(threshold, Asset.USDT);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(SWEEP_THRESHOLD + ": '" + threshold + "' is not an amount of USDT", e);
        }
        int batchSize = environment.getProperty(SWEEP_BATCH_SIZE, Integer.class, 50);
        if (batchSize < 1) {
            throw new IllegalArgumentException(SWEEP_BATCH_SIZE + " must be 1 or more, not " + batchSize);
        }
        return new Sweeps(sources, JdbcClient.create(dataSource), transactions, commands, clock,
                          new Sweeps.Policy(amount, environment.getProperty(SWEEP_INTERVAL, Duration.class,
                                                                            Duration.ofMinutes(10)), batchSize));
    }
}
