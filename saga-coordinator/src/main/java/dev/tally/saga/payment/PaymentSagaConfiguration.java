package dev.tally.saga.payment;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/**
 * Binds {@link PaymentSagaProperties}, which {@link PaymentConfirmationSaga} receives as a handler parameter (Axon
 * resolves handler parameters from Spring beans by type). Picked up by the saga-coordinator's component scan.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PaymentSagaProperties.class)
public class PaymentSagaConfiguration {
}
