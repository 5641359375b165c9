package dev.tally.query;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.tally.platform.db.ModuleSchema;
import dev.tally.query.live.ClusterUpdates;
import dev.tally.query.live.LiveProperties;

import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryUpdateEmitter;
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

    /** Live updates on every node ({@code tally.query.live.across-nodes}). */
    @Bean
    public ClusterUpdates clusterUpdates(DataSource dataSource, QueryUpdateEmitter updates, QueryGateway queries,
                                         ObjectMapper json, LiveProperties live) {
        return new ClusterUpdates(dataSource, updates, queries, json, live.isAcrossNodes());
    }

    @Bean
    public ModuleSchema querySchema() {
        // V2's and V4's comments now point at docs/ rather than at documents outside the repository.
        return new ModuleSchema("query", 20, List.of(new ModuleSchema.Reworded("2", 1686498905, 1401152336),
                                                     new ModuleSchema.Reworded("4", -460743883, 1505370297)));
    }
}
