package dev.tally.integrations.webhooks;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans of the webhooks feature that are not components of their own. */
@Configuration(proxyBeanMethods = false)
class WebhookConfiguration {

    /** The system's DNS; a test (or a deployment with its own resolver) declares a {@code @Primary} one. */
    @Bean
    WebhookHostResolver webhookHostResolver() {
        return WebhookHostResolver.SYSTEM;
    }
}
