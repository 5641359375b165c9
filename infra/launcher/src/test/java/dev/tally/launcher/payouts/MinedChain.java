package dev.tally.launcher.payouts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.launcher.HttpApi;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

/** A test chain whose blocks the test mines: what waiting on it looks like, whichever chain it is. */
interface MinedChain {
    /** Mines one block. */
    void mine();

    /** Mines a block each time it looks, until the condition holds. */
    default void mineUntil(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            mine();
            return condition.call();
        });
    }

    /** Mines until {@code path} shows {@code status}; what it showed then. */
    default JsonNode mineUntilStatus(HttpApi api, String key, String path, String status) {
        AtomicReference<JsonNode> seen = new AtomicReference<>();
        mineUntil(() -> {
            seen.set(api.get(path, key).json());
            return status.equals(seen.get().path("status").asText());
        });
        return seen.get();
    }
}
