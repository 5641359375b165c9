package dev.tally.platform.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.platform.db.ModuleSchema;
import dev.tally.platform.db.SchemaMigrationAutoConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.core.Ordered;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Rate limits (on unless {@code tally.rate-limits.enabled=false}): buckets in the {@code ratelimit} schema, the
 * global filter ahead of everything, and {@link ClientRateLimits}, which the security chain applies per key or IP.
 */
@AutoConfiguration(after = SchemaMigrationAutoConfiguration.class)
@ConditionalOnProperty(name = "tally.rate-limits.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(RateLimitProperties.class)
public class RateLimitAutoConfiguration {
    @Bean
    public ModuleSchema rateLimitSchema() {
        return new ModuleSchema("ratelimit", 1);
    }

    @Bean
    @DependsOn(SchemaMigrationAutoConfiguration.MIGRATIONS_BEAN)
    public PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitBuckets(DataSource dataSource) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                                 .primaryKeyMapper(PrimaryKeyMapper.STRING)
                                 .table("ratelimit.buckets")
                                 // A row outlives a full refill by a little, then the clean-up may delete it.
                                 .expirationAfterWrite(ExpirationAfterWriteStrategy
                                         .basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                                 .build();
    }

    @Bean
    public RateLimiter rateLimiter(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets,
                                   RateLimitProperties properties) {
        return new RateLimiter(buckets, properties.getSyncInterval());
    }

    @Bean
    public ClientRateLimits clientRateLimits(RateLimiter limiter, RateLimitProperties properties,
                                             ObjectMapper mapper) {
        return new ClientRateLimits(limiter, properties, mapper);
    }

    @Bean
    public FilterRegistrationBean<GlobalRateLimitFilter> globalRateLimitFilter(RateLimitProperties properties,
                                                                               ObjectMapper mapper) {
        var registration = new FilterRegistrationBean<>(new GlobalRateLimitFilter(properties, mapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    public RateLimitBucketCleanup rateLimitBucketCleanup(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets,
                                                         RateLimitProperties properties) {
        return new RateLimitBucketCleanup(buckets, properties.getCleanupInterval());
    }
}
