package dev.tally.platform.axon;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Extra audit metadata for the commands a transport sends on this thread, e.g. where a Kafka record came from.
 * The transports hand their observations to ports that know nothing of metadata; this carries it past them to
 * {@link AuditCommandDispatchInterceptor}.
 */
public final class AuditContext {
    private static final ThreadLocal<Map<String, String>> CURRENT = new ThreadLocal<>();

    private AuditContext() {
    }

    public static void run(Map<String, String> metadata, Runnable work) {
        call(metadata, () -> {
            work.run();
            return null;
        });
    }

    public static <T> T call(Map<String, String> metadata, Supplier<T> work) {
        Map<String, String> previous = CURRENT.get();
        CURRENT.set(Map.copyOf(metadata));
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    static Map<String, String> current() {
        Map<String, String> metadata = CURRENT.get();
        return metadata == null ? Map.of() : metadata;
    }
}
