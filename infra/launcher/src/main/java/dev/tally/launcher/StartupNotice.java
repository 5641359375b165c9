package dev.tally.launcher;

import dev.tally.kernel.money.Chain;
import dev.tally.platform.config.RealChains;
import dev.tally.platform.config.TestMode;
import dev.tally.platform.security.AdminKey;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.util.stream.Collectors;

/**
 * Tells whoever started Tally where everything is, the admin key, which mode serves what, and how to take a first
 * step.
 */
@Component
class StartupNotice {
    private final AdminKey adminKey;
    private final Environment environment;
    private final PrintStream out;

    @Autowired
    StartupNotice(AdminKey adminKey, Environment environment) {
        this(adminKey, environment, System.out);
    }

    StartupNotice(AdminKey adminKey, Environment environment, PrintStream out) {
        this.adminKey = adminKey;
        this.environment = environment;
        this.out = out;
    }

    @EventListener
    void onReady(ApplicationReadyEvent event) {
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web
                ? web.getWebServer().getPort() : environment.getProperty("server.port", Integer.class, 8080);
        out.println(text("http://localhost:" + port));
    }

    String text(String base) {
        String key = adminKey.generated()
                ? adminKey.secret() + "   (generated for this run; set TALLY_ADMIN_API_KEY to keep one)"
                : "from tally.admin.api-key / TALLY_ADMIN_API_KEY";
        String example = adminKey.generated() ? adminKey.secret() : "$TALLY_ADMIN_API_KEY";
        boolean testMode = TestMode.on(environment);
        String live = RealChains.of(environment).keySet().stream().map(Chain::code)
                               .collect(Collectors.joining(", "));
        String modes = """
                 Modes
                   test (tly_test_ keys)  %1$s
                   live (tly_live_ keys)  %2$s
                """.formatted(
                testMode ? "invoices on tron and ethereum, paid on the sandbox chain: no real money"
                         : "off (tally.sandbox.enabled=false): test keys create nothing",
                live.isEmpty() ? "no real chain configured: live keys create no invoice (README: going live)"
                               : "invoices on " + live + ", paid on the real chain to your xpub's addresses");
        String sandbox = testMode
                ? """
                   Pay a test invoice on the sandbox chain and watch it settle:
                   curl -s -X POST %1$s/api/v1/sandbox/invoices/<invoice id>/pay -H 'Authorization: Bearer <testApiKey>' \\
                        -H 'Content-Type: application/json' -d '{}'
                """.formatted(base)
                : "";
        return """

                ────────────────────────────────────────────────────────────────────────────
                 Tally is running
                   API         %1$s/api/v1
                   Dashboard   %1$s/dashboard   (sign in with a merchant API key)
                   Pay page    %1$s/pay/<invoice id>   (what the customer sees)
                   Swagger UI  %1$s/swagger-ui.html   (OpenAPI: %1$s/v3/api-docs)
                   Health      %1$s/actuator/health   Metrics: %1$s/actuator/prometheus
                   Admin key   %2$s

                %5$s
                 First steps (README.md has the whole walk-through):
                   curl -s -X POST %1$s/api/v1/merchants -H 'Authorization: Bearer %3$s' \\
                        -H 'Content-Type: application/json' -d '{"name":"My Shop"}'
                   curl -s -X POST %1$s/api/v1/invoices -H 'Authorization: Bearer %6$s' \\
                        -H 'Content-Type: application/json' -H 'Idempotency-Key: order-1' \\
                        -d '{"amount":"12.50","asset":"USDT","chain":"tron","orderId":"order-1"}'
                %4$s────────────────────────────────────────────────────────────────────────────
                """.formatted(base, key, example, sandbox, modes, testMode ? "<testApiKey>" : "<apiKey>");
    }
}
