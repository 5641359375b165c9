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
    /** An account xpub (BIP32 test vector 1, m/0'), so that live invoices on Tron can be created. */
    static final String TRON_XPUB = "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUH"
                                    + "Cdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw";

    private SecurityTests() {
    }
}
