package dev.tally.platform.security;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes the {@link ApiAccessPolicy} into the OpenAPI document, so an integrator reads which key and scope each
 * operation needs ({@code x-tally-roles}, {@code x-tally-scope} and a line in the description), and documents the 403
 * and, with rate limits on, the 429.
 */
class ApiAccessOpenApiCustomizer implements OpenApiCustomizer {
    private final ApiAccessPolicy policy;
    private final boolean rateLimited;

    ApiAccessOpenApiCustomizer(ApiAccessPolicy policy, boolean rateLimited) {
        this.policy = policy;
        this.rateLimited = rateLimited;
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            String concrete = path.replaceAll("\\{[^}]+}", "x");
            item.readOperationsMap().forEach((method, operation) -> describe(concrete, method, operation));
        });
    }

    private void describe(String path, PathItem.HttpMethod method, Operation operation) {
        if (!path.startsWith("/api/") || path.startsWith("/api/v1/public/")) {
            return;
        }
        policy.ruleFor(method.name(), path).ifPresent(rule -> {
            String roles = rule.roles().stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted()
                               .collect(Collectors.joining(", "));
            operation.addExtension("x-tally-roles", roles);
            String access = "Keys: " + roles + (rule.scope() == null ? "." : "; scope `" + rule.scope() + "`.");
            if (rule.scope() != null) {
                operation.addExtension("x-tally-scope", rule.scope());
            }
            operation.setDescription(operation.getDescription() == null ? access
                                                                        : operation.getDescription() + "\n\n" + access);
            respond(operation, "403", "The key has the wrong role, or lacks the scope (insufficient-scope)");
        });
        if (rateLimited) {
            respond(operation, "429", "A rate limit is exhausted: see Retry-After and the RateLimit-* headers");
        }
    }

    private static void respond(Operation operation, String status, String description) {
        if (operation.getResponses() == null || operation.getResponses().containsKey(status)) {
            return;
        }
        operation.getResponses().addApiResponse(status, new ApiResponse().description(description).content(
                new Content().addMediaType("application/problem+json",
                                           new MediaType().schema(new ObjectSchema().description("RFC 9457 problem")))));
    }
}
