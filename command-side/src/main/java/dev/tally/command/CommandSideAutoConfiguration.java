package dev.tally.command;

import dev.tally.platform.db.ModuleSchema;
import org.axonframework.config.ConfigurerModule;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

import java.util.List;

/**
 * The command side as a library: whichever Spring Boot application has it on the classpath runs it, its write API
 * too unless {@code tally.write-api.enabled} is false ({@link WriteApiFilter}).
 */
@AutoConfiguration
@ComponentScan(basePackages = "dev.tally.command",
        excludeFilters = {
                @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class),
                @ComponentScan.Filter(type = FilterType.CUSTOM, classes = WriteApiFilter.class)})
@EnableConfigurationProperties(CommandSideProperties.class)
public class CommandSideAutoConfiguration {

    /** Processing group of the credentials table; subscribing, so a new key works as soon as the command returns. */
    public static final String CREDENTIALS_GROUP = "api-key-credentials";

    @Bean
    public ModuleSchema commandSchema() {
        // V1's comments now point at docs/ rather than at a document outside the repository.
        return new ModuleSchema("command", 10, List.of(new ModuleSchema.Reworded("1", -1220356040, -891874612)));
    }

    @Bean
    public ConfigurerModule commandSideProcessors() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(CREDENTIALS_GROUP)
                .assignProcessingGroup(CREDENTIALS_GROUP, CREDENTIALS_GROUP));
    }
}
