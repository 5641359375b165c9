package dev.tally.audit;

import dev.tally.platform.db.ModuleSchema;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/** The audit module as a library: history, as-of state, export, the hash chain and its checkpoints. */
@AutoConfiguration
@ComponentScan(basePackages = "dev.tally.audit",
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@EnableConfigurationProperties(AuditProperties.class)
public class AuditAutoConfiguration {

    @Bean
    public ModuleSchema auditSchema() {
        return new ModuleSchema("audit", 40);
    }
}
