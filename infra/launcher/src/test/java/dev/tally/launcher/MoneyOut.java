package dev.tally.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.launcher.HttpApi.Answer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/** What the money-out tests (payouts, refunds) ask of the running launcher the same way. */
public final class MoneyOut {
    private MoneyOut() {
    }

    /** The merchant's USDT balances as money out sees them (pending, available, reserved); zeros before any. */
    public static JsonNode balances(HttpApi api, String key) {
        JsonNode balances = api.get("/api/v1/payouts", key).json().get("balances");
        if (balances.isEmpty()) {
            return new ObjectMapper().createObjectNode().put("pending", "0.00").put("available", "0.00")
                                     .put("reserved", "0.00");
        }
        return balances.get(0);
    }

    /**
     * The sweep of {@code amount} (any, when null) from {@code deposit}, as the operator's view shows it, once it
     * does.
     */
    public static JsonNode sweep(HttpApi api, String adminKey, String deposit, String amount) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (JsonNode sweep : api.get("/api/v1/admin/sweeps?limit=100", adminKey).json()) {
                if (sweep.get("depositAddress").asText().equalsIgnoreCase(deposit)
                    && (amount == null || amount.equals(sweep.get("amount").asText()))) {
                    found.set(sweep);
                }
            }
            return found.get() != null;
        });
        return found.get();
    }

    /** Sends {@code requests} requests released at the same instant, and their answers once all are in. */
    public static List<Answer> atOnce(int requests, Supplier<Answer> request) {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        List<CompletableFuture<Answer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < requests; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return request.get();
                }, pool));
            }
            start.countDown();
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdownNow();
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }
}
