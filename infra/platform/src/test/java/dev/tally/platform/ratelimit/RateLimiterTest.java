package dev.tally.platform.ratelimit;

import com.zaxxer.hikari.HikariDataSource;
import dev.tally.platform.db.ModuleSchema;
import dev.tally.platform.db.SchemaMigrations;
import dev.tally.platform.test.TestDatabase;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A request is not a database round trip: a node serves a bucket from memory and writes it back after 2 % of its
 * limit. It still counts exactly, and what it counted survives its stop.
 */
class RateLimiterTest {
    private static final RateLimitProperties.Limit THOUSAND_AN_HOUR =
            new RateLimitProperties.Limit(1000, Duration.ofHours(1));

    private TestDatabase database;
    private HikariDataSource pool;
    private final AtomicInteger connections = new AtomicInteger();
    private PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;

    @BeforeEach
    void start() {
        database = TestDatabase.create();
        pool = database.pool(2);
        new SchemaMigrations(pool, List.of(new RateLimitAutoConfiguration().rateLimitSchema())).afterPropertiesSet();
        DelegatingDataSource counting = new DelegatingDataSource(pool) {
            @Override
            public Connection getConnection() throws SQLException {
                connections.incrementAndGet();
                return super.getConnection();
            }
        };
        buckets = new RateLimitAutoConfiguration().rateLimitBuckets(counting);
    }

    @AfterEach
    void stop() {
        pool.close();
        database.close();
    }

    @Test
    void aNodeCountsExactlyFromMemoryAndWritesBackRarely() {
        RateLimiter limiter = new RateLimiter(buckets, Duration.ofHours(1));
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.consume("key", "k1", THOUSAND_AN_HOUR).allowed()).isTrue();
        }
        // One read to start, then a write-back every 20 tokens: a handful of round trips, not a hundred.
        assertThat(connections.get()).isBetween(1, 10);

        for (int i = 100; i < 1000; i++) {
            assertThat(limiter.consume("key", "k1", THOUSAND_AN_HOUR).allowed()).as("request %d", i + 1).isTrue();
        }
        RateLimiter.Outcome refused = limiter.consume("key", "k1", THOUSAND_AN_HOUR);
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.remaining()).isZero();
        assertThat(limiter.consume("key", "other", THOUSAND_AN_HOUR).allowed()).isTrue();
    }

    @Test
    void whatANodeCountedSurvivesItsStop() {
        RateLimiter first = new RateLimiter(buckets, Duration.ofHours(1));
        for (int i = 0; i < 1000; i++) {
            first.consume("key", "k1", THOUSAND_AN_HOUR);
        }
        first.destroy();

        RateLimiter restarted = new RateLimiter(buckets, Duration.ofHours(1));
        assertThat(restarted.consume("key", "k1", THOUSAND_AN_HOUR).allowed()).isFalse();
    }

    @Test
    void theShareANodeMayCountAloneIsTwoPercentOfTheLimitAndAtLeastOneToken() {
        assertThat(RateLimiter.unsynchronizedTokens(4)).isEqualTo(1);
        assertThat(RateLimiter.unsynchronizedTokens(1000)).isEqualTo(20);
    }
}
