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
    void theNoticeSaysWhichModeServesWhatAndShowsTheSandboxWalkThroughWhileTestModeIsOn() {
        AdminKey key = AdminKey.from(null);
        String byDefault = new StartupNotice(key, new MockEnvironment()).text("http://localhost:8080");
        assertThat(byDefault).contains("/api/v1/sandbox/invoices/<invoice id>/pay", "paid on the sandbox chain",
                                       "no real chain configured: live keys create no invoice",
                                       "invoices -H 'Authorization: Bearer <testApiKey>'");

        String live = new StartupNotice(key, new MockEnvironment()
                .withProperty("tally.sandbox.enabled", "false")
                .withProperty("tally.chains.tron.endpoints[0].url", "grpc.example:50051")
                .withProperty("tally.chains.tron.xpub", "xpub-of-the-operator"))
                .text("http://localhost:8080");
        assertThat(live).contains("off (tally.sandbox.enabled=false)", "invoices on tron, paid on the real chain",
                                  "invoices -H 'Authorization: Bearer <apiKey>'")
                        .doesNotContain("/api/v1/sandbox");
    }

    @Test
    void aConfiguredAdminKeyIsNeverPrinted() {
        String secret = "tly_admin_configured_0123456789abcdef";
        String text = new StartupNotice(AdminKey.from(secret), new MockEnvironment()).text("http://localhost:8080");
        assertThat(text).doesNotContain(secret).contains("TALLY_ADMIN_API_KEY");
    }
}
