package dev.tally.integrations;

import dev.tally.platform.db.ModuleSchema;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/** The integrations module as a library: integration events, the events API, webhooks, Kafka integration events. */
@AutoConfiguration
@ComponentScan(basePackages = "dev.tally.integrations",
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@ConfigurationPropertiesScan("dev.tally.integrations")
public class IntegrationsAutoConfiguration {

    @Bean
    public ModuleSchema integrationSchema() {
        return new ModuleSchema("integration", 50);
    }
}
