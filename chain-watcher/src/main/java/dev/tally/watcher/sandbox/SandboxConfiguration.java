package dev.tally.watcher.sandbox;

import dev.tally.kernel.chain.ChainObservationPort;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** The sandbox chain and its watcher (and {@link SandboxController}) — only with {@code tally.sandbox.enabled=true}. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "tally.sandbox.enabled", havingValue = "true")
@EnableConfigurationProperties(SandboxProperties.class)
public class SandboxConfiguration {

    @Bean
    public SandboxChain sandboxChain() {
        return new SandboxChain();
    }

    @Bean
    public SandboxWatcher sandboxWatcher(SandboxChain chain, ChainObservationPort observations,
                                         SandboxProperties properties, Clock clock) {
        return new SandboxWatcher(chain, observations, properties, clock);
    }
}
