package dev.tally.command.settlement;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.context.ConfigurationPropertiesAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The setting as Spring binds it: what Axon then hands the aggregate's command handler. */
class SettlementPropertiesTest {
    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ConfigurationPropertiesAutoConfiguration.class))
            .withBean(SettlementProperties.class);

    @Test
    void theFeeScaleDefaultsToTheCent() {
        context.run(ctx -> assertThat(ctx.getBean(SettlementProperties.class).getFeeScale()).isEqualTo(2));
    }

    @Test
    void theFeeScaleBindsFromTallySettlementFeeScale() {
        context.withPropertyValues("tally.settlement.fee-scale=6")
               .run(ctx -> assertThat(ctx.getBean(SettlementProperties.class).getFeeScale()).isEqualTo(6));
    }

    @Test
    void aFeeScaleFinerThanTheTokenStopsTheStart() {
        context.withPropertyValues("tally.settlement.fee-scale=7")
               .run(ctx -> assertThat(ctx).hasFailed()
                                          .getFailure().rootCause()
                                          .hasMessageContaining("tally.settlement.fee-scale must be 0 to 6"));
    }
}
