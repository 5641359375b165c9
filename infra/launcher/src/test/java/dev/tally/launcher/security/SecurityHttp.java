package dev.tally.launcher.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;

/** Real HTTP to the running launcher for the security tests; streams are read for a bounded time. */
final class SecurityHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int STREAM_BYTES_MAX = 256 * 1024;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                                                .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

    SecurityHttp(int port) {
        this.base = "http://localhost:" + port;
    }

    record Answer(int status, String body, HttpResponse<?> raw) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String contentType() {
            return header("Content-Type");
        }
    }

    Answer get(String path, String apiKey) {
        return send("GET", path, apiKey, null);
    }

    Answer post(String path, String apiKey, String body) {
        return send("POST", path, apiKey, body);
    }

    Answer delete(String path, String apiKey) {
        return send("DELETE", path, apiKey, null);
    }

    /** A POST with an {@code Idempotency-Key}. */
    Answer post(String path, String apiKey, String body, String idempotencyKey) {
        return send("POST", path, apiKey, body, idempotencyKey);
    }

    Answer send(String method, String path, String apiKey, String body) {
        return send(method, path, apiKey, body, null);
    }

    private Answer send(String method, String path, String apiKey, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Like {@link #send}, but reads the body for at most {@code window} (server-sent events never end) and keeps what
     * arrived by then.
     */
    Answer sendBounded(String method, String path, String apiKey, String body, Duration window) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (apiKey != null) {
            request.header("Authorization", "Bearer " + apiKey);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        request.header("Accept", "*/*");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<InputStream> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new IllegalStateException(method + " " + path + " sent no headers in 30 s", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (InputStream in = response.body()) {
            Future<?> reading = reader.submit(() -> {
                byte[] buffer = new byte[8192];
                int n;
                while (received.size() < STREAM_BYTES_MAX && (n = in.read(buffer)) >= 0) {
                    synchronized (received) {
                        received.write(buffer, 0, n);
                    }
                }
                return null;
            });
            try {
                reading.get(window.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                reading.cancel(true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        } catch (IOException e) {
            // closing an endless stream early
        } finally {
            reader.shutdownNow();
        }
        String text;
        synchronized (received) {
            text = received.toString(StandardCharsets.UTF_8);
        }
        return new Answer(response.statusCode(), text, response);
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An RFC 9457 problem of {@code status} and the problem type {@code code}. */
    static void assertProblem(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().get("type").asText()).isEqualTo("urn:tally:problem:" + code);
    }
}
