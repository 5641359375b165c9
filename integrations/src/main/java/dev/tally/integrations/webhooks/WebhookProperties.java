package dev.tally.integrations.webhooks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;

/**
 * Settings of webhook delivery ({@code tally.webhooks.*}).
 *
 * @param enabled                 false: no fan-out and no sending on this node (the API still works)
 * @param allowHttp               accept {@code http://} endpoint URLs (development only); otherwise {@code https} only
 * @param allowlist               hosts (exact names) or CIDRs the SSRF guard lets through although they are private,
 *                                loopback and the like; for development receivers only
 * @param timeout                 the whole attempt: connect, send, answer
 * @param retryFor                how long a delivery is retried, from its first attempt, before it is FAILED
 * @param backoffInitial          the first retry's upper bound; each retry doubles it (full jitter below it)
 * @param backoffMax              the cap of one retry's delay
 * @param secretOverlap           how long a rotated secret keeps signing beside the new one
 * @param endpointsPerMerchantMax the most endpoints a merchant may have
 * @param pollInterval            how often the fan-out and the sender look for work when idle
 * @param batchSizeMax            events fanned out, or deliveries claimed, per round
 * @param sendersMax              concurrent sends per node
 * @param sendsPerEndpointMax     concurrent sends to one endpoint (across nodes, roughly: claims are skipped for an
 *                                endpoint with this many in flight), so a slow or hanging receiver cannot hold every
 *                                sender and delay other merchants' webhooks
 * @param claimLease              how long a claimed delivery is held by its sender; longer than {@code timeout}. A
 *                                sender that died lets it lapse, and the delivery is sent again (same webhook-id)
 */
@ConfigurationProperties("tally.webhooks")
public record WebhookProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("false") boolean allowHttp,
        @DefaultValue List<String> allowlist,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("3d") Duration retryFor,
        @DefaultValue("5s") Duration backoffInitial,
        @DefaultValue("1h") Duration backoffMax,
        @DefaultValue("24h") Duration secretOverlap,
        @DefaultValue("16") int endpointsPerMerchantMax,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("100") int batchSizeMax,
        @DefaultValue("8") int sendersMax,
        @DefaultValue("2") int sendsPerEndpointMax,
        @DefaultValue("1m") Duration claimLease) {

    public WebhookProperties {
        allowlist = allowlist == null ? List.of() : List.copyOf(allowlist);
        requirePositive("timeout", timeout);
        requirePositive("retry-for", retryFor);
        requirePositive("backoff-initial", backoffInitial);
        requirePositive("backoff-max", backoffMax);
        requirePositive("secret-overlap", secretOverlap);
        requirePositive("poll-interval", pollInterval);
        requirePositive("claim-lease", claimLease);
        if (claimLease.compareTo(timeout) <= 0) {
            throw new IllegalArgumentException("tally.webhooks.claim-lease (" + claimLease
                                               + ") must be longer than tally.webhooks.timeout (" + timeout + ")");
        }
        if (endpointsPerMerchantMax < 1 || batchSizeMax < 1 || sendersMax < 1 || batchSizeMax > 10_000
            || sendersMax > 256 || sendsPerEndpointMax < 1) {
            throw new IllegalArgumentException("tally.webhooks: endpoints-per-merchant-max, batch-size-max (≤ 10000), "
                                               + "senders-max (≤ 256) and sends-per-endpoint-max must be positive");
        }
    }

    private static void requirePositive(String name, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("tally.webhooks." + name + " must be positive: " + value);
        }
    }
}
