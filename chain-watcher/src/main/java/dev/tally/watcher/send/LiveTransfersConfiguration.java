package dev.tally.watcher.send;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import javax.sql.DataSource;

import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.platform.config.LiveMoneyOut;
import dev.tally.watcher.config.ChainSettings;
import dev.tally.watcher.config.ChainWatcherProperties;
import dev.tally.watcher.chain.ChainEndpoint;
import dev.tally.watcher.evm.EvmSender;
import dev.tally.watcher.tron.TronSender;

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
 * per real chain that has one (EVM: the chain's first node endpoint, and its token), which also give
 * {@link Sweeps} the balances of the live deposit addresses it sweeps.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LiveTransfersConfiguration.OnLiveMoneyOut.class)
public class LiveTransfersConfiguration {
    /** How often open live transfers are followed. */
    public static final String FOLLOW_INTERVAL = "tally.money-out.follow-interval";
    /** How long the node may refuse a kept transfer before the health component says so. */
    public static final String STUCK_AFTER = "tally.money-out.stuck-after";
    /** How long an EVM transaction may stay unmined before it is replaced by one with higher fees. */
    public static final String REPLACE_AFTER = "tally.money-out.replace-after";
    @Bean
    public ChainSenders chainSenders(Environment environment) {
        Map<Chain, ChainSender> senders = new EnumMap<>(Chain.class);
        for (ChainSettings chain : ChainWatcherProperties.bind(environment).enabledChains()) {
            if (chain.endpoints().isEmpty() || senders.containsKey(chain.chain())) {
                continue;
            }
            ChainSettings.Endpoint node = chain.endpoints().get(0);
            if (chain.chain() == Chain.ETHEREUM && "evm".equals(chain.type())) {
                senders.put(chain.chain(), new EvmSender(node.url(), token(chain, ChainSettings.ETHEREUM_USDT)));
            } else if (chain.chain() == Chain.TRON && "tron".equals(chain.type())) {
                senders.put(chain.chain(), new TronSender(new ChainEndpoint(chain.name(), chain.chain(), node.url(),
                                                                            chain.callTimeout(),
                                                                            chain.tokenContracts(), node.apiKey()),
                                                          token(chain, ChainSettings.TRON_USDT)));
            }
        }
        return new ChainSenders(senders);
    }

    /** The chain's token: the one it watches, or mainnet USDT among several. */
    private static String token(ChainSettings chain, String mainnetUsdt) {
        if (chain.tokenContracts().size() == 1 || !chain.tokenContracts().contains(mainnetUsdt)) {
            return chain.tokenContracts().stream().sorted().findFirst().orElse(mainnetUsdt);
        }
        return mainnetUsdt;
    }

    /** The live senders, one per chain; closing it closes their node connections. */
    public record ChainSenders(Map<Chain, ChainSender> byChain) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            for (ChainSender sender : byChain.values()) {
                if (sender instanceof AutoCloseable connection) {
                    connection.close();
                }
            }
        }


    }

    @Bean
    public LiveTransfers liveTransfers(ChainSenders senders, Environment environment, DataSource dataSource,
                                       PlatformTransactionManager transactions, CommandGateway commands,
                                       QueryGateway queries, Clock clock) {
        return new LiveTransfers(senders.byChain(), JdbcClient.create(dataSource), transactions, commands, queries,
                                 clock,
                                 environment.getProperty(FOLLOW_INTERVAL, Duration.class, Duration.ofSeconds(2)),
                                 environment.getProperty(REPLACE_AFTER, Duration.class, Duration.ofMinutes(10)),
                                 tronEnergy(environment));
    }

    /** {@code tally.sweeps.tron.energy} ({@code delegate}, the default, or {@code burn}) and its fallback. */
    static LiveTransfers.TronEnergy tronEnergy(Environment environment) {
        String energy = environment.getProperty(SweepsConfiguration.TRON_ENERGY, "delegate").trim();
        if (!energy.equals("delegate") && !energy.equals("burn")) {
            throw new IllegalArgumentException(SweepsConfiguration.TRON_ENERGY + ": '" + energy
                                               + "' is neither delegate nor burn");
        }
        return new LiveTransfers.TronEnergy(energy.equals("delegate"),
                                            environment.getProperty(SweepsConfiguration.TRON_BURN_WHEN_SHORT,
                                                                    Boolean.class, true));
    }

    /** What live sweeps read: the deposit addresses' balances on chains whose addresses are swept. */
    @Bean
    public Sweeps.Sources liveSweepSources(ChainSenders senders) {
        Map<Sweeps.Source, TokenBalances> sources = new java.util.HashMap<>();
        senders.byChain().forEach((chain, sender) -> sources.put(new Sweeps.Source(Mode.LIVE, chain), sender));
        return new Sweeps.Sources(sources);
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
