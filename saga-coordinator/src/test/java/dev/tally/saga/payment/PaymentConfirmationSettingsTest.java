package dev.tally.saga.payment;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code tally.payments.*} binds through {@link PaymentSagaConfiguration}, with defaults and limits. */
class PaymentConfirmationSettingsTest {

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(PaymentSagaConfiguration.class);

    @Test
    void aPaymentIsStuckAfterThirtyMinutesByDefault() {
        context.run(ctx -> {
            PaymentSagaProperties properties = ctx.getBean(PaymentSagaProperties.class);
            assertThat(properties.getStuckAfter()).isEqualTo(Duration.ofMinutes(30));
        });
    }

    @Test
    void theStuckAfterIsASetting() {
        context.withPropertyValues("tally.payments.stuck-after=45m")
               .run(ctx -> {
                   PaymentSagaProperties properties = ctx.getBean(PaymentSagaProperties.class);
                   assertThat(properties.getStuckAfter()).isEqualTo(Duration.ofMinutes(45));
               });
    }

    @Test
    void aStuckAfterNotPositiveOrBeyondAWeekIsRefusedAtStartUp() {
        context.withPropertyValues("tally.payments.stuck-after=0s")
               .run(ctx -> assertThat(ctx).hasFailed());
        context.withPropertyValues("tally.payments.stuck-after=8d")
               .run(ctx -> assertThat(ctx).hasFailed());
        context.withPropertyValues("tally.payments.stuck-after=-1m")
               .run(ctx -> assertThat(ctx).hasFailed());
    }
}
