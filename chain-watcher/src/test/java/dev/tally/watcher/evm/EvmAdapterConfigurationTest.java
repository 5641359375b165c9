package dev.tally.watcher.evm;

import dev.tally.watcher.chain.ChainClientFactory;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class EvmAdapterConfigurationTest {
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EvmAdapterConfiguration.class));

    @Test
    void providesTheEvmChainClientFactory() {
        context.run(app -> assertThat(app.getBeansOfType(ChainClientFactory.class).values())
                .singleElement().satisfies(factory -> {
                    assertThat(factory).isInstanceOf(EvmChainClientFactory.class);
                    assertThat(factory.type()).isEqualTo("evm");
                }));
    }

    @Test
    void isRegisteredAsAnAutoConfiguration() throws Exception {
        try (var imports = getClass().getResourceAsStream(
                "/META-INF/spring/org.springframework.boot.autoconfigure.AutoConfiguration.imports")) {
            assertThat(new String(imports.readAllBytes())).contains(EvmAdapterConfiguration.class.getName());
        }
    }
}
