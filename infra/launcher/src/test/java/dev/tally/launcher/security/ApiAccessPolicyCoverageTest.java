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
        properties = {SecurityTests.ADMIN_KEY_PROPERTY, SecurityTests.SMALL_POOL})
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

        // The document tells integrators which key and scope each operation needs, and about 403 and 429.
        JsonNode create = document.at("/paths/~1api~1v1~1invoices/post");
        assertThat(create.path("x-tally-scope").asText()).isEqualTo("invoices:write");
        assertThat(create.path("x-tally-roles").asText()).isEqualTo("merchant");
        assertThat(create.path("description").asText()).contains("scope `invoices:write`");
        assertThat(create.path("responses").has("403")).isTrue();
        assertThat(create.path("responses").has("429")).isTrue();
        assertThat(document.at("/paths/~1api~1v1~1merchants/post/x-tally-roles").asText()).isEqualTo("admin");
    }
}
