package dev.tally.integrations.webhooks;

import dev.tally.kernel.access.ApiScope;
import dev.tally.platform.security.TallyPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A merchant's webhook endpoints, their secrets and their deliveries log (merchant key, scope webhooks:write). */
@RestController
@RequestMapping(path = "/api/v1/webhook-endpoints", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Webhooks")
@SecurityRequirement(name = "apiKey")
@PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.WEBHOOKS_WRITE + "')")
public class WebhookEndpointController {
    private final WebhookEndpointService endpoints;

    public WebhookEndpointController(WebhookEndpointService endpoints) {
        this.endpoints = endpoints;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a webhook endpoint",
            description = "Answers with the signing secret (whsec_…), shown this once. The URL must be https and "
                          + "resolve to public addresses only.")
    public WebhookViews.EndpointView create(@AuthenticationPrincipal TallyPrincipal caller,
                                            @RequestBody WebhookEndpointRequest request) {
        return endpoints.create(merchant(caller), caller.mode(), request);
    }

    @GetMapping
    @Operation(summary = "List webhook endpoints", description = "Newest first; secrets are never shown.")
    public WebhookViews.EndpointList list(@AuthenticationPrincipal TallyPrincipal caller) {
        return new WebhookViews.EndpointList(endpoints.list(merchant(caller), caller.mode()));
    }

    @GetMapping("/{endpointId}")
    @Operation(summary = "Get a webhook endpoint")
    public WebhookViews.EndpointView get(@AuthenticationPrincipal TallyPrincipal caller,
                                         @PathVariable String endpointId) {
        return endpoints.get(merchant(caller), caller.mode(), endpointId);
    }

    @PatchMapping(path = "/{endpointId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Change a webhook endpoint",
            description = "Only the fields given change. enabled=true re-enables an endpoint disabled by a 410.")
    public WebhookViews.EndpointView update(@AuthenticationPrincipal TallyPrincipal caller,
                                            @PathVariable String endpointId,
                                            @RequestBody WebhookEndpointRequest request) {
        return endpoints.update(merchant(caller), caller.mode(), endpointId, request);
    }

    @DeleteMapping("/{endpointId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Delete a webhook endpoint", description = "With its secrets and deliveries log.")
    public void delete(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String endpointId) {
        endpoints.delete(merchant(caller), caller.mode(), endpointId);
    }

    @PostMapping("/{endpointId}/rotate-secret")
    @Operation(summary = "Rotate the signing secret",
            description = "Answers with the new secret (shown this once). The previous secret keeps signing, as a "
                          + "second v1 entry of webhook-signature, until previousSecretExpiresAt (24 h by default).")
    public WebhookViews.RotatedSecret rotateSecret(@AuthenticationPrincipal TallyPrincipal caller,
                                                   @PathVariable String endpointId) {
        return endpoints.rotateSecret(merchant(caller), caller.mode(), endpointId);
    }

    @GetMapping("/{endpointId}/deliveries")
    @Operation(summary = "List an endpoint's deliveries",
            description = "Newest first: status, attempts, the last response code and (at most 1 KiB of) body. "
                          + "Pass nextCursor as cursor for the next page.")
    public WebhookViews.DeliveryPage deliveries(@AuthenticationPrincipal TallyPrincipal caller,
                                                @PathVariable String endpointId,
                                                @Parameter(description = "PENDING, SUCCEEDED or FAILED")
                                                @RequestParam(required = false) String status,
                                                @Parameter(description = "1 to 100, default 20")
                                                @RequestParam(required = false) String limit,
                                                @RequestParam(required = false) String cursor) {
        return endpoints.deliveries(merchant(caller), caller.mode(), endpointId, status, limit, cursor);
    }

    @GetMapping("/{endpointId}/deliveries/{deliveryId}")
    @Operation(summary = "Get a delivery with every attempt")
    public WebhookViews.DeliveryView delivery(@AuthenticationPrincipal TallyPrincipal caller,
                                              @PathVariable String endpointId, @PathVariable String deliveryId) {
        return endpoints.delivery(merchant(caller), caller.mode(), endpointId, deliveryId);
    }

    @PostMapping("/{endpointId}/deliveries/{deliveryId}/redeliver")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a delivery again",
            description = "The same delivery, due now, with the same webhook-id and a fresh retry window.")
    public WebhookViews.DeliveryView redeliver(@AuthenticationPrincipal TallyPrincipal caller,
                                               @PathVariable String endpointId, @PathVariable String deliveryId) {
        return endpoints.redeliver(merchant(caller), caller.mode(), endpointId, deliveryId);
    }

    @PostMapping("/{endpointId}/test")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Send a test event",
            description = "Queues a signed webhook.test event to this endpoint (not one of the public event types).")
    public WebhookViews.DeliveryView test(@AuthenticationPrincipal TallyPrincipal caller,
                                          @PathVariable String endpointId) {
        return endpoints.test(merchant(caller), caller.mode(), endpointId);
    }

    private static String merchant(TallyPrincipal caller) {
        return caller.requireMerchant().value();
    }
}
