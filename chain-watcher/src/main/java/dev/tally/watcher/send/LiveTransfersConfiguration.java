package dev.tally.watcher.send;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import javax.sql.DataSource;

import dev.tally.kernel.money.Chain;
import dev.tally.platform.config.LiveMoneyOut;
import dev.tally.watcher.config.ChainSettings;
import dev.tally.watcher.config.ChainWatcherProperties;
import dev.tally.watcher.evm.EvmSender;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The live sender, where live money goes out ({@link LiveMoneyOut}) and a chain is watched: one {@link ChainSender}
 * per real chain that has one (EVM: the chain's first node endpoint).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LiveTransfersConfiguration.OnLiveMoneyOut.class)
public class LiveTransfersConfiguration {
    /** How often open live transfers are followed. */
    public static final String FOLLOW_INTERVAL = "tally.money-out.follow-interval";
    /** How long the node may refuse a kept transfer before the health component says so. */
    public static final String STUCK_AFTER = "tally.money-out.stuck-after";

    @Bean
    public LiveTransfers liveTransfers(Environment environment, DataSource dataSource,
                                       PlatformTransactionManager transactions, CommandGateway commands,
                                       QueryGateway queries, Clock clock) {
        Map<Chain, ChainSender> senders = new EnumMap<>(Chain.class);
        for (ChainSettings chain : ChainWatcherProperties.bind(environment).enabledChains()) {
            if (chain.chain() == Chain.ETHEREUM && "evm".equals(chain.type()) && !chain.endpoints().isEmpty()) {
                senders.putIfAbsent(chain.chain(), new EvmSender(chain.endpoints().get(0).url()));
            }
        }
        return new LiveTransfers(senders, JdbcClient.create(dataSource), transactions, commands, queries, clock,
                                 environment.getProperty(FOLLOW_INTERVAL, Duration.class, Duration.ofSeconds(2)));
    }

    /** The {@code liveTransfers} health component (the bean name, less its suffix, names it). */
    @Bean
    public LiveTransfersHealth liveTransfersHealthIndicator(LiveTransfers transfers, Environment environment) {
        return new LiveTransfersHealth(transfers,
                                       environment.getProperty(STUCK_AFTER, Duration.class, Duration.ofMinutes(5)));
    }

    static class OnLiveMoneyOut extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment environment = context.getEnvironment();
            boolean on = LiveMoneyOut.enabled(environment) && ChainWatcherProperties.anyChainConfigured(environment);
            return on ? ConditionOutcome.match("live money out on a watched chain")
                      : ConditionOutcome.noMatch("no live money out, or no chain watched");
        }
    }
}
