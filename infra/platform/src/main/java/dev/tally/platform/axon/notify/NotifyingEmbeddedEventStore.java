package dev.tally.platform.axon.notify;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Axon's embedded event store whose streams take an "events became available" callback. Axon's own streams do not,
 * so a pooled streaming processor that has caught up polls its stream every 500 ms, and every step of a payment's
 * way (projection, saga, the next command's events) waited up to that long. With the callback, a processor sleeps
 * until {@link EventsAvailable} wakes it.
 */
public class NotifyingEmbeddedEventStore extends EmbeddedEventStore {
    private final EventsAvailable eventsAvailable;

    public NotifyingEmbeddedEventStore(Builder builder, EventsAvailable eventsAvailable) {
        super(builder);
        this.eventsAvailable = eventsAvailable;
    }

    @Override
    public TrackingEventStream openStream(TrackingToken trackingToken) {
        return new CallbackStream(super.openStream(trackingToken), eventsAvailable);
    }

    private static final class CallbackStream implements TrackingEventStream {
        private final TrackingEventStream delegate;
        private final EventsAvailable eventsAvailable;
        private final AtomicReference<Runnable> unregister = new AtomicReference<>();
        private boolean closed;

        CallbackStream(TrackingEventStream delegate, EventsAvailable eventsAvailable) {
            this.delegate = delegate;
            this.eventsAvailable = eventsAvailable;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return delegate.peek();
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            return delegate.hasNextAvailable(timeout, unit);
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            return delegate.nextAvailable();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            delegate.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        /** Replaces the callback registered before, if any; a closed stream takes none. */
        @Override
        public synchronized boolean setOnAvailableCallback(Runnable callback) {
            if (closed) {
                return false;
            }
            Runnable listener = callback::run; // an object of its own, whoever else registers the same callback
            Runnable previous = unregister.getAndSet(eventsAvailable.register(listener));
            if (previous != null) {
                previous.run();
            }
            return true;
        }

        @Override
        public synchronized void close() {
            closed = true;
            Runnable handle = unregister.getAndSet(null);
            if (handle != null) {
                handle.run();
            }
            delegate.close();
        }
    }
}
