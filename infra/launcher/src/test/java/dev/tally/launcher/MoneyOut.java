package dev.tally.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.launcher.HttpApi.Answer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

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
