package dev.tally.launcher.security;

/**
 * What the security tests that share one application context agree on. Their annotations must be identical so
 * Spring reuses the context: every cached context holds a connection pool, and the test server's connections are
 * shared by many test JVMs.
 */
final class SecurityTests {
    static final String ADMIN_KEY = "tly_admin_security_tests_0123456789abcd";
    static final String ADMIN_KEY_PROPERTY = "tally.admin.api-key=" + ADMIN_KEY;
    static final String SMALL_POOL = "spring.datasource.hikari.maximum-pool-size=8";

    private SecurityTests() {
    }
}
