package dev.tally.platform.axon.notify;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells the event processors of this node that new events are in the event store's cache, so that they start on
 * them at once instead of finding them at their next poll.
 * <p>
 * Signalled by {@link NotifyingJdbcEventStorageEngine} whenever a read of the store has delivered an event: the event
 * store's producer reads right after a local commit (so a processor starts within milliseconds of the transaction
 * that wrote the event), and every {@code fetchDelay} otherwise (so events written by another node are seen within
 * that bound). A tick every {@link #SAFETY_TICK} signals too, a safety net should a signal ever be missed.
 */
public class EventsAvailable implements AutoCloseable {
    /** How often every listener is signalled regardless (a caught-up processor then checks its stream in memory). */
    public static final Duration SAFETY_TICK = Duration.ofSeconds(1);

    private static final Logger log = LoggerFactory.getLogger(EventsAvailable.class);

    private final Set<Runnable> listeners = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService ticks;

    /** @param tick how often every listener is signalled regardless of events ({@link #SAFETY_TICK} in service) */
    public EventsAvailable(Duration tick) {
        ticks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "events-available");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, tick.toMillis());
        ticks.scheduleWithFixedDelay(this::signal, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Registers a listener (a processor's "events became available" callback) until the returned handle runs. */
    public Runnable register(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Calls every listener; a listener only schedules work, so this returns quickly. */
    public void signal() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RejectedExecutionException stopping) {
                // its processor is shutting down; its stream is about to unregister it
            } catch (RuntimeException e) {
                log.warn("An event processor's availability callback failed", e);
            }
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        listeners.clear();
    }
}
