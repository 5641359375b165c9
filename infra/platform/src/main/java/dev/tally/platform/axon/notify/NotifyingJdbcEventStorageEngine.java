package dev.tally.platform.axon.notify;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Axon's JDBC storage engine that signals {@link EventsAvailable} when a streaming read has delivered every event it
 * found. The embedded event store's producer adds each event to its cache as the read delivers it, so at that moment
 * every event read is in the cache and a processor woken by the signal finds it there.
 */
public class NotifyingJdbcEventStorageEngine extends JdbcEventStorageEngine {
    private final EventsAvailable eventsAvailable;

    public NotifyingJdbcEventStorageEngine(Builder builder, EventsAvailable eventsAvailable) {
        super(builder);
        this.eventsAvailable = eventsAvailable;
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        Stream<? extends TrackedEventMessage<?>> events = super.readEvents(trackingToken, mayBlock);
        return StreamSupport.stream(new SignalAtEnd<>(events.spliterator(), eventsAvailable::signal), false)
                            .onClose(events::close);
    }

    /** Passes elements through; when it runs dry after delivering at least one, runs {@code atEnd}. */
    private static final class SignalAtEnd<T> implements Spliterator<T> {
        private final Spliterator<T> delegate;
        private final Runnable atEnd;
        private boolean delivered;

        SignalAtEnd(Spliterator<T> delegate, Runnable atEnd) {
            this.delegate = delegate;
            this.atEnd = atEnd;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            if (delegate.tryAdvance(action)) {
                delivered = true;
                return true;
            }
            if (delivered) {
                delivered = false;
                atEnd.run();
            }
            return false;
        }

        @Override
        public Spliterator<T> trySplit() {
            return null;
        }

        @Override
        public long estimateSize() {
            return delegate.estimateSize();
        }

        @Override
        public int characteristics() {
            return delegate.characteristics() & (ORDERED | NONNULL | IMMUTABLE);
        }
    }
}
