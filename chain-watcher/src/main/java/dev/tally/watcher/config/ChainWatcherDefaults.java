package dev.tally.watcher.config;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * With chains configured, {@code /actuator/health/chains} shows each chain's heights and lag (a health group with
 * details): they are public chain data, while the platform keeps details of every other component hidden. Lowest
 * precedence, so any setting overrides it; only with chains, because a group naming a missing component fails start-up.
 */
public class ChainWatcherDefaults implements EnvironmentPostProcessor, Ordered {
    static final String SOURCE_NAME = "tallyChainWatcherDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)
            || !ChainWatcherProperties.anyChainConfigured(environment)) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(
                "management.endpoint.health.group.chains.include", "chains",
                "management.endpoint.health.group.chains.show-details", "always",
                "management.endpoint.health.group.chains.show-components", "always")));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 5;
    }
}
