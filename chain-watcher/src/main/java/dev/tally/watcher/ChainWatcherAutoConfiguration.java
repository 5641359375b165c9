package dev.tally.watcher;

import dev.tally.platform.db.ModuleSchema;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;

/** The chain-watcher as a library: scanners, watched addresses, health; the Tron and EVM adapters plug in. */
@AutoConfiguration
@ComponentScan(basePackages = "dev.tally.watcher",
        excludeFilters = {
                @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class),
                // The node adapters are auto-configurations of their own (listed in AutoConfiguration.imports).
                @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = AutoConfiguration.class)})
public class ChainWatcherAutoConfiguration {

    @Bean
    public ModuleSchema watcherSchema() {
        return new ModuleSchema("watcher", 30);
    }
}
