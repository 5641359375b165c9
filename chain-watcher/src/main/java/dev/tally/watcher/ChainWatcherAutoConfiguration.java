package dev.tally.watcher;

import dev.tally.platform.db.ModuleSchema;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/** The chain-watcher as a library. Tron and EVM adapters arrive with the chain-watcher issue. */
@AutoConfiguration
@ComponentScan(basePackages = "dev.tally.watcher",
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
public class ChainWatcherAutoConfiguration {

    @Bean
    public ModuleSchema watcherSchema() {
        return new ModuleSchema("watcher", 30);
    }
}
