package dev.tally.integrations.webhooks;

import dev.tally.kernel.mode.Mode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.integrations.IntegrationEventType;
import dev.tally.kernel.error.DomainException;
import dev.tally.platform.web.FieldError;
import dev.tally.platform.web.InvalidRequestException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The rules of a merchant's webhook endpoints: validation, the cap, secrets and rotation, redelivery, test pings. */
@Service
public class WebhookEndpointService {
    /** The type of the ping {@code POST …/test} sends: not one of the public event types, never in the events API. */
    public static final String TEST_EVENT_TYPE = "webhook.test";
    static final int DELIVERY_LIMIT_MAX = 100;

    private final WebhookStore store;
    private final WebhookAddressGuard guard;
    private final WebhookProperties properties;
    private final ObjectMapper json = new ObjectMapper();
    private final Clock clock = Clock.systemUTC();

    public WebhookEndpointService(WebhookStore store, WebhookAddressGuard guard, WebhookProperties properties) {
        this.store = store;
        this.guard = guard;
        this.properties = properties;
    }

    /** A new endpoint and its secret (the only time the secret is shown). */
    @Transactional
    public WebhookViews.EndpointView create(String merchantId, Mode mode, WebhookEndpointRequest request) {
        List<FieldError> errors = new ArrayList<>();
        String url = checkUrl(request.url(), mode, errors);
        List<String> types = checkTypes(request.eventTypes(), errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        store.lockMerchant(merchantId);
        if (store.countEndpoints(merchantId, mode) >= properties.endpointsPerMerchantMax()) {
            throw DomainException.ruleViolation("a merchant may have at most " + properties.endpointsPerMerchantMax()
                                                + " " + mode.code() + " webhook endpoints; delete one first");
        }
        Instant now = now();
        var endpoint = new WebhookStore.Endpoint(WebhookIds.generate(WebhookIds.ENDPOINT), merchantId, mode, url,
                                                 types,
                                                 request.enabled() == null || request.enabled(), null, 0, now, now);
        store.insertEndpoint(endpoint);
        String secret = WebhookSignature.newSecret();
        store.insertSecret(endpoint.id(), secret, now);
        return WebhookViews.EndpointView.of(endpoint, secret);
    }

    @Transactional(readOnly = true)
    public List<WebhookViews.EndpointView> list(String merchantId, Mode mode) {
        return store.listEndpoints(merchantId, mode).stream().map(e -> WebhookViews.EndpointView.of(e, null)).toList();
    }

    @Transactional(readOnly = true)
    public WebhookViews.EndpointView get(String merchantId, Mode mode, String endpointId) {
        return WebhookViews.EndpointView.of(endpoint(merchantId, mode, endpointId), null);
    }

    @Transactional
    public WebhookViews.EndpointView update(String merchantId, Mode mode, String endpointId,
                                            WebhookEndpointRequest request) {
        var current = endpoint(merchantId, mode, endpointId);
        List<FieldError> errors = new ArrayList<>();
        String url = request.url() == null ? current.url() : checkUrl(request.url(), mode, errors);
        List<String> types = request.eventTypes() == null ? current.eventTypes() : checkTypes(request.eventTypes(),
                                                                                               errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        boolean enabled = request.enabled() == null ? current.enabled() : request.enabled();
        String reason = enabled ? null : current.enabled() ? "disabled by the merchant" : current.disabledReason();
        var changed = new WebhookStore.Endpoint(current.id(), merchantId, mode, url, types, enabled, reason,
                                                current.fromSeq(), current.createdAt(), now());
        store.updateEndpoint(changed);
        return WebhookViews.EndpointView.of(changed, null);
    }

    @Transactional
    public void delete(String merchantId, Mode mode, String endpointId) {
        if (!validId(endpointId) || !store.deleteEndpoint(merchantId, mode, endpointId)) {
            throw notFound(endpointId);
        }
    }

    /** A new secret signs from now on; the previous one keeps signing for {@code tally.webhooks.secret-overlap}. */
    @Transactional
    public WebhookViews.RotatedSecret rotateSecret(String merchantId, Mode mode, String endpointId) {
        var endpoint = endpoint(merchantId, mode, endpointId);
        Instant now = now();
        Instant previousExpiresAt = now.plus(properties.secretOverlap());
        store.expireCurrentSecrets(endpoint.id(), previousExpiresAt);
        String secret = WebhookSignature.newSecret();
        store.insertSecret(endpoint.id(), secret, now);
        return new WebhookViews.RotatedSecret(endpoint.id(), secret, previousExpiresAt);
    }

    @Transactional(readOnly = true)
    public WebhookViews.DeliveryPage deliveries(String merchantId, Mode mode, String endpointId, String status,
                                                String limit, String cursor) {
        var endpoint = endpoint(merchantId, mode, endpointId);
        List<FieldError> errors = new ArrayList<>();
        if (status != null && !Set.of("PENDING", "SUCCEEDED", "FAILED").contains(status)) {
            errors.add(new FieldError("status", "must be PENDING, SUCCEEDED or FAILED"));
        }
        int parsedLimit = 20;
        if (limit != null) {
            try {
                parsedLimit = Integer.parseInt(limit.strip());
                if (parsedLimit < 1 || parsedLimit > DELIVERY_LIMIT_MAX) {
                    errors.add(new FieldError("limit", "must be between 1 and " + DELIVERY_LIMIT_MAX));
                }
            } catch (NumberFormatException e) {
                errors.add(new FieldError("limit", "must be a number"));
            }
        }
        Long before = null;
        if (cursor != null) {
            try {
                before = Long.parseLong(cursor.strip());
            } catch (NumberFormatException e) {
                errors.add(new FieldError("cursor", "is not a cursor from this list"));
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        List<WebhookStore.Delivery> page = store.listDeliveries(endpoint.id(), status, before, parsedLimit + 1);
        String next = null;
        if (page.size() > parsedLimit) {
            page = page.subList(0, parsedLimit);
            next = Long.toString(page.get(page.size() - 1).seq());
        }
        return new WebhookViews.DeliveryPage(page.stream().map(d -> WebhookViews.DeliveryView.of(d, null)).toList(),
                                             next);
    }

    @Transactional(readOnly = true)
    public WebhookViews.DeliveryView delivery(String merchantId, Mode mode, String endpointId, String deliveryId) {
        var endpoint = endpoint(merchantId, mode, endpointId);
        var delivery = findDelivery(endpoint, deliveryId);
        return WebhookViews.DeliveryView.of(delivery, store.attempts(delivery.id()).stream()
                                                           .map(WebhookViews.AttemptView::of).toList());
    }

    /** Sends a delivery again soon, with the same webhook-id and a fresh retry window. */
    @Transactional
    public WebhookViews.DeliveryView redeliver(String merchantId, Mode mode, String endpointId, String deliveryId) {
        var endpoint = endpoint(merchantId, mode, endpointId);
        requireEnabled(endpoint);
        findDelivery(endpoint, deliveryId);
        if (!store.redeliver(endpoint.id(), deliveryId)) {
            throw DomainException.invalidState("delivery " + deliveryId + " is being sent right now; try again later");
        }
        return WebhookViews.DeliveryView.of(findDelivery(endpoint, deliveryId), null);
    }

    /** Queues a {@code webhook.test} ping to the endpoint, delivered (and retried) like any event. */
    @Transactional
    public WebhookViews.DeliveryView test(String merchantId, Mode mode, String endpointId) {
        var endpoint = endpoint(merchantId, mode, endpointId);
        requireEnabled(endpoint);
        String eventId = WebhookIds.generate(WebhookIds.TEST_EVENT);
        Instant now = now();
        ObjectNode body = json.createObjectNode();
        body.put("id", eventId);
        body.put("type", TEST_EVENT_TYPE);
        body.put("mode", endpoint.mode().code());
        body.put("createdAt", now.toString());
        ObjectNode object = body.putObject("data").putObject("object");
        object.put("object", "webhook_test");
        object.put("endpointId", endpoint.id());
        object.put("message", "A test event from Tally: your endpoint receives and verifies webhooks.");
        String deliveryId = WebhookIds.generate(WebhookIds.DELIVERY);
        store.insertDelivery(deliveryId, endpoint, eventId, TEST_EVENT_TYPE, body.toString());
        return WebhookViews.DeliveryView.of(findDelivery(endpoint, deliveryId), null);
    }

    private WebhookStore.Endpoint endpoint(String merchantId, Mode mode, String endpointId) {
        if (!validId(endpointId)) {
            throw notFound(endpointId);
        }
        return store.findEndpoint(merchantId, mode, endpointId).orElseThrow(() -> notFound(endpointId));
    }

    private WebhookStore.Delivery findDelivery(WebhookStore.Endpoint endpoint, String deliveryId) {
        Optional<WebhookStore.Delivery> delivery = WebhookIds.isValid(WebhookIds.DELIVERY, deliveryId)
                ? store.findDelivery(endpoint.id(), deliveryId) : Optional.empty();
        return delivery.orElseThrow(() -> DomainException.notFound("webhook delivery " + deliveryId));
    }

    private static void requireEnabled(WebhookStore.Endpoint endpoint) {
        if (!endpoint.enabled()) {
            throw DomainException.invalidState("webhook endpoint " + endpoint.id() + " is disabled; enable it first");
        }
    }

    /** Test endpoints may use the development allowances (plain http, the allowlist); live ones never. */
    private String checkUrl(String url, Mode mode, List<FieldError> errors) {
        String trimmed = url == null ? null : url.strip();
        guard.forMode(mode).refuseUrl(trimmed).ifPresent(reason -> errors.add(new FieldError("url", reason)));
        return trimmed;
    }

    private static List<String> checkTypes(List<String> types, List<FieldError> errors) {
        if (types == null) {
            return List.of();
        }
        Set<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < types.size(); i++) {
            String type = types.get(i);
            if (type == null || IntegrationEventType.fromWireName(type).isEmpty()) {
                errors.add(new FieldError("eventTypes[" + i + "]", "is not an event type (such as invoice.paid)"));
            } else {
                distinct.add(type);
            }
        }
        return List.copyOf(distinct);
    }

    private static boolean validId(String endpointId) {
        return WebhookIds.isValid(WebhookIds.ENDPOINT, endpointId);
    }

    private static DomainException notFound(String endpointId) {
        return DomainException.notFound("webhook endpoint " + endpointId);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
