package dev.tally.launcher;

import dev.tally.platform.security.AdminKey;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class StartupNoticeTest {

    @Test
    void aGeneratedAdminKeyIsPrintedWithWhereEverythingIs() {
        AdminKey key = AdminKey.from(null);
        String text = new StartupNotice(key, new MockEnvironment()).text("http://localhost:8080");
        assertThat(key.generated()).isTrue();
        assertThat(text).contains(key.secret(), "http://localhost:8080/api/v1", "/swagger-ui.html",
                                  "http://localhost:8080/dashboard", "http://localhost:8080/pay/",
                                  "/actuator/health", "TALLY_ADMIN_API_KEY");
    }

    @Test
    void theSandboxWalkThroughIsShownOnlyWhenTheSandboxIsOn() {
        AdminKey key = AdminKey.from(null);
        assertThat(new StartupNotice(key, new MockEnvironment().withProperty("tally.sandbox.enabled", "true"))
                           .text("http://localhost:8080"))
                .contains("/api/v1/sandbox/invoices/<invoice id>/pay");
        assertThat(new StartupNotice(key, new MockEnvironment()).text("http://localhost:8080"))
                .doesNotContain("sandbox");
    }

    @Test
    void aConfiguredAdminKeyIsNeverPrinted() {
        String secret = "tly_admin_configured_0123456789abcdef";
        String text = new StartupNotice(AdminKey.from(secret), new MockEnvironment()).text("http://localhost:8080");
        assertThat(text).doesNotContain(secret).contains("TALLY_ADMIN_API_KEY");
    }
}
