package dev.tally.query;

import dev.tally.platform.db.ModuleSchema;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/** The query side as a library: projections, query handlers and the read API. */
@AutoConfiguration
@ComponentScan(basePackages = "dev.tally.query",
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@EntityScan("dev.tally.query")
@EnableJpaRepositories("dev.tally.query")
public class QuerySideAutoConfiguration {

    @Bean
    public ModuleSchema querySchema() {
        return new ModuleSchema("query", 20);
    }
}
