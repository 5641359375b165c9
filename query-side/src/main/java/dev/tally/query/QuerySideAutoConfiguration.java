package dev.tally.query;

import dev.tally.platform.db.ModuleSchema;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.domain.EntityScan;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

import java.util.List;

/** The query side as a library: projections, query handlers and the read API. */
@AutoConfiguration
@ComponentScan(basePackages = "dev.tally.query",
        excludeFilters = @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class))
@EntityScan("dev.tally.query")
@EnableJpaRepositories("dev.tally.query")
public class QuerySideAutoConfiguration {

    @Bean
    public ModuleSchema querySchema() {
        // V2's and V4's comments now point at docs/ rather than at documents outside the repository.
        return new ModuleSchema("query", 20, List.of(new ModuleSchema.Reworded("2", 1686498905, 1401152336),
                                                     new ModuleSchema.Reworded("4", -460743883, 1505370297)));
    }
}
