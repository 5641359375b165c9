package dev.tally.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver on 127.0.0.1 that answers 200 and keeps every delivery it received, per path, in arrival order,
 * with its {@code webhook-id} header.
 */
public final class WebhookInbox implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, List<Delivery>> received = new ConcurrentHashMap<>();

    /** One request: its {@code webhook-id} header and its body. */
    public record Delivery(String webhookId, JsonNode body) {
    }

    public WebhookInbox() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                received.computeIfAbsent(exchange.getRequestURI().getPath(), p -> new CopyOnWriteArrayList<>())
                        .add(new Delivery(exchange.getRequestHeaders().getFirst("webhook-id"), body));
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The webhooks of one type that reached {@code path}, in arrival order. */
    public List<JsonNode> ofType(String path, String type) {
        return received.getOrDefault(path, List.of()).stream().map(Delivery::body)
                       .filter(w -> type.equals(w.path("type").asText())).toList();
    }

    /** The bodies that reached {@code path}, by {@code webhook-id} (a redelivery adds to its id's list). */
    public Map<String, List<JsonNode>> byWebhookId(String path) {
        Map<String, List<JsonNode>> byId = new LinkedHashMap<>();
        for (Delivery delivery : received.getOrDefault(path, List.of())) {
            byId.computeIfAbsent(String.valueOf(delivery.webhookId()), id -> new java.util.ArrayList<>())
                .add(delivery.body());
        }
        return byId;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
