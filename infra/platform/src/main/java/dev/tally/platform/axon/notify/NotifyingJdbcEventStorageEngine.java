package dev.tally.platform.axon.notify;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Axon's JDBC storage engine that signals {@link EventsAvailable} each time the embedded event store's producer has
 * read an event. The producer adds each event to its cache as the read delivers it, so when the signal comes the
 * event is in the cache and a processor woken by it finds it there. (Axon's read goes on fetching until a fetch
 * comes back empty, which under steady writes may be long after the first event: hence a signal per event, not one
 * at the end. A signal only schedules a processor's coordination if none is scheduled, so it costs little.)
 * <p>
 * Only the producer's read signals: it is the one that may block for new events ({@code mayBlock}). A private read,
 * of a processor catching up on its own or of a rebuild, delivers old events to its own reader alone; a signal per
 * such event woke every processor of the node for nothing (a fifth of a rebuild's time, measured).
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
        if (!mayBlock) {
            return events;
        }
        return StreamSupport.stream(new SignalEach<>(events.spliterator(), eventsAvailable::signal), false)
                            .onClose(events::close);
    }

    /** Passes elements through, running {@code afterEach} once the consumer has taken each one. */
    private static final class SignalEach<T> implements Spliterator<T> {
        private final Spliterator<T> delegate;
        private final Runnable afterEach;

        SignalEach(Spliterator<T> delegate, Runnable afterEach) {
            this.delegate = delegate;
            this.afterEach = afterEach;
        }

        @Override
        public boolean tryAdvance(Consumer<? super T> action) {
            if (delegate.tryAdvance(action)) {
                afterEach.run();
                return true;
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
