package dev.tally.launcher.crash;

import dev.tally.launcher.HttpApi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;

/**
 * A Server-Sent Events client that does what a browser's {@code EventSource} does when its server goes away: it
 * connects again, here to the next node {@code nodes} gives, until the stream says it ended ({@code event:end}) or is
 * closed. It keeps every line it received, in order, across connections.
 */
final class LiveStream implements AutoCloseable {
    private static final Duration PATIENCE = Duration.ofMinutes(4);

    private final Supplier<HttpApi> nodes;
    private final String path;
    private final String apiKey;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile Stream<String> current;
    private volatile boolean closed;
    private volatile String failure;

    private LiveStream(Supplier<HttpApi> nodes, String path, String apiKey) {
        this.nodes = nodes;
        this.path = path;
        this.apiKey = apiKey;
        this.reader = new Thread(this::read, "live-stream " + path);
        reader.setDaemon(true);
    }

    /** Starts reading {@code path} (with {@code apiKey}, or none) from one of {@code nodes}, in the background. */
    static LiveStream open(Supplier<HttpApi> nodes, String path, String apiKey) {
        LiveStream stream = new LiveStream(nodes, path, apiKey);
        stream.reader.start();
        return stream;
    }

    /** Every line received so far, over all connections. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Whether the server said the stream is over. */
    boolean ended() {
        return lines.contains("event:end");
    }

    /** Why it stopped trying, when it did (no node answered 200 within the patience). */
    String failure() {
        return failure;
    }

    private void read() {
        try {
            while (!closed && !ended()) {
                Stream<String> body = await("a node streaming " + path).atMost(PATIENCE)
                        .pollInterval(Duration.ofMillis(200)).until(this::connect, b -> b != null || closed);
                if (body == null) {
                    return;
                }
                current = body;
                try (body) {
                    body.forEach(lines::add);
                } catch (UncheckedIOException e) {
                    // The node went away mid-stream: the next round connects to another.
                }
            }
        } catch (RuntimeException e) {
            failure = e.toString();
        }
    }

    /** One attempt: the stream's lines when a node answers 200, else null (a node that is gone, or not there yet). */
    private Stream<String> connect() {
        try {
            HttpResponse<Stream<String>> response = http.send(
                    nodes.get().request(path, apiKey).header("Accept", "text/event-stream").GET().build(),
                    HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() == 200) {
                return response.body();
            }
            response.body().close();
            return null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        closed = true;
        Stream<String> body = current;
        if (body != null) {
            body.close();
        }
    }
}
