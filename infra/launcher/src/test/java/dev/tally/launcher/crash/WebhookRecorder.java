package dev.tally.launcher.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver on 127.0.0.1 that answers 200 and keeps, per {@code webhook-id}, every body it received. */
final class WebhookRecorder implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, List<JsonNode>> byWebhookId = new ConcurrentHashMap<>();

    WebhookRecorder() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                String id = exchange.getRequestHeaders().getFirst("webhook-id");
                byWebhookId.computeIfAbsent(id == null ? "(none)" : id, k -> new CopyOnWriteArrayList<>()).add(body);
                exchange.sendResponseHeaders(200, -1);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    Set<String> webhookIds() {
        return Set.copyOf(byWebhookId.keySet());
    }

    /** Every delivery of every webhook, by its {@code webhook-id}. */
    Map<String, List<JsonNode>> deliveries() {
        return Map.copyOf(byWebhookId);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
