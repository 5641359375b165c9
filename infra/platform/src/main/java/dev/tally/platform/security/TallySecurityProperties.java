package dev.tally.platform.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/** {@code tally.security.*}: how long resolved API keys are remembered. */
@ConfigurationProperties("tally.security")
public class TallySecurityProperties {
    private final ApiKeyCache apiKeyCache = new ApiKeyCache();

    public ApiKeyCache getApiKeyCache() {
        return apiKeyCache;
    }

    public static class ApiKeyCache {
        /**
         * How long a resolved key is trusted without asking again. A revocation clears this node's cache at once;
         * other nodes (separately deployed services) see it within this bound. 0 turns the cache off.
         */
        private Duration ttl = Duration.ofSeconds(30);
        /** Resolved keys kept at most. Unknown keys are never cached, so guessing cannot fill it. */
        private long maxSize = 10_000;

        public Duration getTtl() {
            return ttl;
        }

        public void setTtl(Duration ttl) {
            if (ttl == null || ttl.isNegative()) {
                throw new IllegalArgumentException("tally.security.api-key-cache.ttl must be zero or positive");
            }
            this.ttl = ttl;
        }

        public long getMaxSize() {
            return maxSize;
        }

        public void setMaxSize(long maxSize) {
            if (maxSize < 1) {
                throw new IllegalArgumentException("tally.security.api-key-cache.max-size must be at least 1");
            }
            this.maxSize = maxSize;
        }
    }
}
