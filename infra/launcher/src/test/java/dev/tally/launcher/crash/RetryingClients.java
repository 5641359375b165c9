package dev.tally.launcher.crash;

import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import dev.tally.launcher.HttpApi;
import dev.tally.launcher.HttpApi.Answer;

/**
 * Clients that each POST one request with an Idempotency-Key of their own, all released at once, and retry it with the
 * same key until they get an answer (while the process they talk to is killed and started again). A 201 adds the
 * created resource's id under its key; any other answer is recorded as unexpected.
 */
final class RetryingClients {
    private final Map<String, Set<String>> idsByKey = new ConcurrentHashMap<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicInteger answered = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();

    private RetryingClients() {
    }

    static RetryingClients start(HttpApi api, String apiKey, String path, String body, int count, String keyPrefix,
                                 Duration patience) {
        RetryingClients clients = new RetryingClients();
        CountDownLatch go = new CountDownLatch(1);
        for (int i = 0; i < count; i++) {
            String idempotencyKey = keyPrefix + i;
            clients.idsByKey.put(idempotencyKey, ConcurrentHashMap.newKeySet());
            Thread client = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                Answer answer = await().atMost(patience).pollInterval(Duration.ofMillis(200))
                        .ignoreExceptionsMatching(e -> e instanceof UncheckedIOException)
                        .until(() -> api.post(path, apiKey, body, idempotencyKey),
                               a -> a.status() != 409 && a.status() != 503);
                if (answer.status() != 201) {
                    clients.unexpected.add(idempotencyKey + ": " + answer.status() + " " + answer.body());
                    return;
                }
                clients.idsByKey.get(idempotencyKey).add(answer.json().get("id").asText());
                clients.answered.incrementAndGet();
            }, keyPrefix + "client-" + i);
            client.start();
            clients.threads.add(client);
        }
        go.countDown();
        return clients;
    }

    /** How many got their 201 so far. */
    int answered() {
        return answered.get();
    }

    /** Waits until every client is done. */
    RetryingClients join() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
        return this;
    }

    /** Answers no client should have got (anything but 201). */
    List<String> unexpected() {
        return List.copyOf(unexpected);
    }

    /** The ids each key was answered with: one per key when every retry found its first answer. */
    Map<String, Set<String>> idsByKey() {
        return Map.copyOf(idsByKey);
    }

    /** Every id any client was answered with. */
    Set<String> ids() {
        Set<String> ids = new HashSet<>();
        idsByKey.values().forEach(ids::addAll);
        return ids;
    }
}
