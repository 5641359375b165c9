package dev.tally.integrations.webhooks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on 127.0.0.1: records every request, per path, and answers with scripted responses (then 200).
 */
public class TestReceiver implements AutoCloseable {
    /** One received request: its headers (lower-case names) and body. */
    public record Received(String path, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name);
        }
    }

    /** What to answer: a status, optionally after waiting for {@link #release()} (a receiver that hangs). */
    public record Reply(int status, String body, Map<String, String> headers, boolean hangs) {
        static Reply withStatus(int status) {
            return new Reply(status, "answer " + status, Map.of(), false);
        }

        static Reply redirect(String location) {
            return new Reply(302, "", Map.of("Location", location), false);
        }

        static Reply hanging() {
            return new Reply(200, "late", Map.of(), true);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, ConcurrentLinkedDeque<Reply>> scripts = new ConcurrentHashMap<>();
    private final CountDownLatch released = new CountDownLatch(1);

    public TestReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** The next requests to {@code path} get these answers, in order; later ones get 200. */
    public void script(String path, Reply... answers) {
        scripts.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(answers));
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Lets hanging answers finish (they also give up on their own after a while). */
    public void release() {
        released.countDown();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = exchange.getRequestBody().readAllBytes();
            Map<String, String> headers = new ConcurrentHashMap<>();
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(),
                                                                                String.join(",", values)));
            var script = scripts.get(path);
            Reply answer = script == null ? null : script.pollFirst();
            if (answer == null) {
                answer = Reply.withStatus(200);
            }
            received.add(new Received(path, headers, new String(body, StandardCharsets.UTF_8)));
            if (answer.hangs()) {
                try {
                    released.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                exchange.getResponseBody().write(out);
            }
        } catch (IOException e) {
            // the sender gave up on us (a timeout): nothing to answer
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        executor.shutdownNow();
    }

    static List<String> ids(List<Received> requests) {
        List<String> ids = new ArrayList<>();
        requests.forEach(r -> ids.add(r.header("webhook-id")));
        return ids;
    }
}
