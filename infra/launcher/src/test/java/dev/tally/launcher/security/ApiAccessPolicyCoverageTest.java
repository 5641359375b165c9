package dev.tally.launcher.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.security.ApiAccessPolicy;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the served OpenAPI document under {@code /api/} (but the public ones) has a row in the
 * {@link ApiAccessPolicy}: an endpoint added without one fails here, naming it.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tally.admin.api-key=" + TenantIsolationTest.ADMIN_KEY)
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
class ApiAccessPolicyCoverageTest {
    @LocalServerPort
    int port;
    @Autowired
    ApiAccessPolicy policy;

    @Test
    void everyOperationHasAnAccessRule() {
        JsonNode document = new SecurityHttp(port).get("/v3/api-docs", null).json();
        List<String> uncovered = new ArrayList<>();
        List<String> covered = new ArrayList<>();
        document.get("paths").fields().forEachRemaining(path -> {
            if (!path.getKey().startsWith("/api/") || path.getKey().startsWith("/api/v1/public/")) {
                return;
            }
            String concrete = path.getKey().replaceAll("\\{[^}]+}", "x");
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (!Set.of("get", "post", "put", "patch", "delete", "head").contains(method)) {
                    return;
                }
                String operation = method.toUpperCase(Locale.ROOT) + " " + path.getKey();
                (policy.ruleFor(method, concrete).isPresent() ? covered : uncovered).add(operation);
            });
        });
        assertThat(uncovered).as("operations without a rule in ApiAccessPolicy.tally()").isEmpty();
        assertThat(covered).contains("POST /api/v1/invoices", "GET /api/v1/invoices/{invoiceId}",
                                     "DELETE /api/v1/api-keys/{apiKeyId}");
    }
}
