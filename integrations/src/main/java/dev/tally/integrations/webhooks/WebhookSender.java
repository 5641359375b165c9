package dev.tally.integrations.webhooks;

import dev.tally.kernel.mode.Mode;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends one signed webhook request and classifies the answer. Apache HttpClient 5 with a {@link DnsResolver} that
 * returns only addresses the SSRF guard checked, so the connection goes to exactly those addresses while TLS (SNI,
 * certificate host name) still uses the URL's host. No redirects, no automatic retries, no cookies, no proxy, no
 * connection reuse (every attempt resolves and checks again), and a hard deadline over the whole attempt.
 */
@Component
public class WebhookSender implements DisposableBean {
    public static final int RESPONSE_BODY_MAX = 1024;
    static final String USER_AGENT = "Tally-Webhooks/1.0";

    /** How an attempt ended, and what the delivery does next. */
    public enum Outcome {
        SUCCEEDED, RETRY, FAILED, GONE
    }

    /** One attempt as recorded in the deliveries log. */
    public record Attempt(Instant at, long durationMs, Integer responseCode, String responseBody, String error,
                          Outcome outcome) {
    }

    private final WebhookProperties properties;
    /** Test endpoints' client (the development allowances apply) and live endpoints' (the strict guard). */
    private final CloseableHttpClient testClient;
    private final CloseableHttpClient liveClient;
    private final WebhookAddressGuard guard;
    private final ScheduledExecutorService deadlines;
    private final Clock clock = Clock.systemUTC();
    private final Set<HttpPost> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean shuttingDown;

    public WebhookSender(WebhookProperties properties, WebhookAddressGuard guard) {
        this.properties = properties;
        this.guard = guard;
        this.testClient = client(properties, guard.forMode(Mode.TEST));
        this.liveClient = client(properties, guard.forMode(Mode.LIVE));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "webhook-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** A client that connects only to addresses {@code guard} checked. */
    private static CloseableHttpClient client(WebhookProperties properties, WebhookAddressGuard guard) {
        Timeout timeout = Timeout.of(properties.timeout());
        DnsResolver checkedResolver = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                return guard.resolveChecked(host);
            }

            @Override
            public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
                return Arrays.stream(guard.resolveChecked(host)).map(a -> new InetSocketAddress(a, port)).toList();
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checkedResolver)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout)
                                                                    .setSocketTimeout(timeout).build())
                        .setDefaultSocketConfig(SocketConfig.custom().setSoTimeout(timeout).build())
                        .setMaxConnTotal(properties.sendersMax())
                        .setMaxConnPerRoute(properties.sendersMax())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout)
                                                      .setConnectionRequestTimeout(timeout).build())
                .setConnectionReuseStrategy((request, response, context) -> false)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent(USER_AGENT)
                .build();
    }

    /**
     * Signs and sends {@code body} with every active secret to an endpoint of {@code mode}; never throws for what the
     * receiver or network does.
     */
    public Attempt send(String url, String webhookId, String body, List<String> secrets, Mode mode) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        long timestamp = at.getEpochSecond();
        HttpPost post = new HttpPost(URI.create(url));
        Optional<String> refusedScheme = guard.forMode(mode).refuseScheme(post.getScheme());
        if (refusedScheme.isPresent()) {
            return new Attempt(at, 0, null, null, "refused by the SSRF guard: the URL " + refusedScheme.get(),
                               Outcome.RETRY);
        }
        post.setHeader("webhook-id", webhookId);
        post.setHeader("webhook-timestamp", Long.toString(timestamp));
        post.setHeader("webhook-signature", WebhookSignature.header(webhookId, timestamp, body, secrets));
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        AtomicBoolean timedOut = new AtomicBoolean();
        inFlight.add(post);
        if (shuttingDown) {
            post.cancel();
        }
        ScheduledFuture<?> deadline = deadlines.schedule(() -> {
            timedOut.set(true);
            post.cancel();
        }, properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
        CloseableHttpClient client = mode.live() ? liveClient : testClient;
        try (ClassicHttpResponse response = client.executeOpen(null, post, null)) {
            int code = response.getCode();
            String answer = truncatedBody(response.getEntity());
            long duration = millisSince(started);
            if (code >= 200 && code < 300) {
                return new Attempt(at, duration, code, answer, null, Outcome.SUCCEEDED);
            }
            if (code == 410) {
                return new Attempt(at, duration, code, answer, "410 Gone: the endpoint is disabled", Outcome.GONE);
            }
            // Any other answer is retried for the whole window (a receiver mid-deploy may answer 401 or 404 for a
            // while); the attempt says why.
            if (code >= 300 && code < 400) {
                Header location = response.getFirstHeader("Location");
                return new Attempt(at, duration, code, answer, "redirects are not followed"
                        + (location == null ? "" : " (Location: " + truncate(location.getValue(), 512) + ")")
                        + "; retried: register the final URL", Outcome.RETRY);
            }
            return new Attempt(at, duration, code, answer, "HTTP " + code + " is not a 2xx: retried", Outcome.RETRY);
        } catch (AddressRefusedException e) {
            return new Attempt(at, millisSince(started), null, null, "refused by the SSRF guard: " + e.getMessage(),
                               Outcome.RETRY);
        } catch (IOException | RuntimeException e) {
            String error = timedOut.get() ? "timed out after " + properties.timeout().toMillis() + " ms"
                           : shuttingDown ? "aborted: the sending node shut down" : describe(e);
            return new Attempt(at, millisSince(started), null, null, error, Outcome.RETRY);
        } finally {
            deadline.cancel(false);
            inFlight.remove(post);
        }
    }

    /** Sends again after {@link #abortInFlight()} (the dispatcher started again). */
    public void acceptSends() {
        shuttingDown = false;
    }

    /**
     * Aborts the sends in flight (the node is stopping): each is recorded as a failed attempt and retried, by this
     * node after a restart or by another. A node that dies without this leaves its claims to lapse instead.
     */
    public void abortInFlight() {
        shuttingDown = true;
        inFlight.forEach(HttpPost::cancel);
    }

    private static String truncatedBody(HttpEntity entity) throws IOException {
        if (entity == null) {
            return null;
        }
        try (InputStream in = entity.getContent()) {
            if (in == null) {
                return null;
            }
            byte[] bytes = in.readNBytes(RESPONSE_BODY_MAX);
            // PostgreSQL text cannot hold NUL; a receiver's answer may. Dropped, so the text stays within the limit.
            String text = new String(bytes, StandardCharsets.UTF_8).replace("\u0000", "");
            // A multi-byte character cut at the limit decodes to U+FFFD; drop it rather than store half a character.
            return text.endsWith("\uFFFD") && bytes.length == RESPONSE_BODY_MAX
                    ? text.substring(0, text.length() - 1) : text;
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return truncate(e.getClass().getSimpleName() + (message == null ? "" : ": " + message), 512)
                .replace("\u0000", "");
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    @Override
    public void destroy() throws IOException {
        deadlines.shutdownNow();
        testClient.close();
        liveClient.close();
    }
}
