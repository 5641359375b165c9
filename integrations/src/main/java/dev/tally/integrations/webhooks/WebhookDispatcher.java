package dev.tally.integrations.webhooks;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Moves webhooks from {@code integration.events} to the receivers, on every node, all state in PostgreSQL:
 * <ol>
 *   <li><b>fan-out</b>: under the cursor row's lock (one node at a time), reads the events after the cursor and
 *   writes one PENDING delivery per event and enabled endpoint of its merchant whose filter matches, then advances
 *   the cursor — one transaction, so an event is fanned out entirely or not at all;</li>
 *   <li><b>send</b>: claims due deliveries ({@code FOR UPDATE SKIP LOCKED} with a lease, so nodes share the work
 *   and a dead node's claims lapse), sends them on a bounded pool and records each attempt and what comes next.</li>
 * </ol>
 */
@Component
public class WebhookDispatcher implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhookProperties properties;
    private final WebhookStore store;
    private final WebhookSender sender;
    private final TransactionTemplate transaction;
    private final Semaphore sendSlots;
    private final AtomicInteger failuresInARow = new AtomicInteger();
    private volatile ScheduledExecutorService loop;
    private volatile ThreadPoolExecutor senders;
    /** A send finished since the current round began: the next round runs at once, not after the poll interval. */
    private final AtomicBoolean woken = new AtomicBoolean();
    private final Object scheduling = new Object();
    /** The round scheduled next (guarded by {@link #scheduling}). */
    private ScheduledFuture<?> nextRound;

    public WebhookDispatcher(WebhookProperties properties, WebhookStore store, WebhookSender sender,
                             PlatformTransactionManager transactions) {
        this.properties = properties;
        this.store = store;
        this.sender = sender;
        this.transaction = new TransactionTemplate(transactions);
        this.sendSlots = new Semaphore(properties.sendersMax());
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled() || loop != null) {
            return;
        }
        sender.acceptSends();
        AtomicInteger threads = new AtomicInteger();
        senders = new ThreadPoolExecutor(properties.sendersMax(), properties.sendersMax(), 1, TimeUnit.MINUTES,
                                         new ArrayBlockingQueue<>(properties.sendersMax()), r -> {
            Thread thread = new Thread(r, "webhook-sender-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        loop = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "webhook-dispatcher");
            thread.setDaemon(true);
            return thread;
        });
        schedule(loop, Duration.ZERO);
    }

    @Override
    public synchronized void stop() {
        if (loop == null) {
            return;
        }
        loop.shutdownNow();
        senders.shutdown();
        sender.abortInFlight();
        try {
            // Aborted sends record their attempt (retried later); one that cannot stays claimed until its lease
            // lapses, and is then sent again by whichever node claims it.
            senders.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        loop = null;
        senders = null;
    }

    @Override
    public boolean isRunning() {
        return loop != null;
    }

    /**
     * One round: fan out, claim and send; again at once if there was a full batch or a send finished meanwhile (its
     * endpoint may have more due: an endpoint's cap must not become a rate of one cap per poll interval), else after
     * the poll interval.
     */
    private void round() {
        ScheduledExecutorService current = loop;
        if (current == null || current.isShutdown()) {
            return;
        }
        woken.set(false);
        Duration next = properties.pollInterval();
        try {
            boolean moreEvents = fanOut();
            boolean moreDue = claimAndSend();
            failuresInARow.set(0);
            if (moreEvents || moreDue) {
                next = Duration.ofMillis(10);
            }
        } catch (RuntimeException e) {
            if (failuresInARow.incrementAndGet() == 1) {
                log.warn("Webhook dispatch failed; retrying every {}: {}", properties.pollInterval(), e.toString());
            }
        }
        synchronized (scheduling) {
            // Under the lock wake() takes: a send that finishes from here on either is seen now or reschedules.
            if (woken.get() && failuresInARow.get() == 0) {
                next = Duration.ZERO;
            }
            schedule(current, next);
        }
    }

    private void schedule(ScheduledExecutorService on, Duration delay) {
        synchronized (scheduling) {
            try {
                nextRound = on.schedule(this::round, delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RuntimeException shutDown) {
                // stopping
            }
        }
    }

    /** A send finished: run the next round now rather than after the poll interval. */
    private void wake() {
        woken.set(true);
        synchronized (scheduling) {
            ScheduledExecutorService current = loop;
            if (current != null && nextRound != null && nextRound.getDelay(TimeUnit.MILLISECONDS) > 0
                && nextRound.cancel(false)) {
                schedule(current, Duration.ZERO);
            }
        }
    }

    /** Fans out one batch of events; true if there may be more. */
    boolean fanOut() {
        Boolean more = transaction.execute(status -> {
            var cursor = store.lockCursor();
            if (cursor.isEmpty()) {
                return false;
            }
            List<WebhookStore.Event> events = store.eventsAfter(cursor.get(), properties.batchSizeMax());
            if (events.isEmpty()) {
                return false;
            }
            List<String> merchants = events.stream().map(WebhookStore.Event::merchantId).distinct().toList();
            Map<String, List<WebhookStore.Endpoint>> endpoints = store.enabledEndpointsOf(merchants).stream()
                    .collect(Collectors.groupingBy(WebhookStore.Endpoint::merchantId));
            for (WebhookStore.Event event : events) {
                for (WebhookStore.Endpoint endpoint : endpoints.getOrDefault(event.merchantId(), List.of())) {
                    // An endpoint gets its own mode's events only: test traffic never reaches a live receiver.
                    if (event.seq() > endpoint.fromSeq() && endpoint.mode() == event.mode()
                        && endpoint.accepts(event.type())) {
                        store.insertDelivery(WebhookIds.generate(WebhookIds.DELIVERY), endpoint, event.eventId(),
                                             event.type(), null);
                    }
                }
            }
            store.advanceCursor(events.get(events.size() - 1).seq());
            return events.size() == properties.batchSizeMax();
        });
        return Boolean.TRUE.equals(more);
    }

    /** Claims as many due deliveries as there are free senders; true if all slots were filled. */
    boolean claimAndSend() {
        int free = sendSlots.availablePermits();
        if (free == 0) {
            return false;
        }
        int limit = Math.min(free, properties.batchSizeMax());
        List<WebhookStore.Claimed> claimed = transaction.execute(
                status -> store.claimDue(limit, properties.sendsPerEndpointMax(), properties.claimLease()));
        for (WebhookStore.Claimed delivery : claimed == null ? List.<WebhookStore.Claimed>of() : claimed) {
            sendSlots.acquireUninterruptibly();
            try {
                senders.execute(() -> {
                    try {
                        deliver(delivery);
                    } catch (RuntimeException e) {
                        // The claim lapses and the delivery is tried again.
                        log.warn("Webhook delivery {} could not be recorded: {}", delivery.id(), e.toString());
                    } finally {
                        sendSlots.release();
                        wake();
                    }
                });
            } catch (RuntimeException rejected) {
                sendSlots.release();
                return false;
            }
        }
        return claimed != null && claimed.size() == limit && limit > 0;
    }

    private void deliver(WebhookStore.Claimed delivery) {
        var endpoint = store.findEndpoint(delivery.endpointId());
        if (endpoint.isEmpty()) {
            return;
        }
        if (delivery.body() == null) {
            record(delivery, refusal("the event " + delivery.webhookId() + " is no longer stored"));
            return;
        }
        List<String> secrets = store.activeSecrets(delivery.endpointId());
        if (secrets.isEmpty()) {
            // Cannot happen through the API (an endpoint always has a current secret); never send unsigned.
            record(delivery, refusal("the endpoint has no active signing secret"));
            return;
        }
        WebhookSender.Attempt attempt = sender.send(endpoint.get().url(), delivery.webhookId(), delivery.body(),
                                                    secrets, endpoint.get().mode());
        record(delivery, attempt);
    }

    private static WebhookSender.Attempt refusal(String error) {
        return new WebhookSender.Attempt(Instant.now(), 0, null, null, error, WebhookSender.Outcome.FAILED);
    }

    private void record(WebhookStore.Claimed delivery, WebhookSender.Attempt attempt) {
        transaction.executeWithoutResult(status -> {
            store.insertAttempt(delivery.id(), attempt);
            switch (attempt.outcome()) {
                case SUCCEEDED -> store.finish(delivery.id(), "SUCCEEDED", attempt);
                case FAILED -> store.finish(delivery.id(), "FAILED", attempt);
                case GONE -> {
                    store.finish(delivery.id(), "FAILED", attempt);
                    store.disableEndpoint(delivery.endpointId(), "the receiver answered 410 Gone at " + attempt.at()
                                                                 + " (delivery " + delivery.id() + ")");
                }
                case RETRY -> store.retryOrGiveUp(delivery.id(), backoff(delivery.attempts() + 1),
                                                  properties.retryFor(), attempt);
            }
        });
    }

    /** Full jitter: uniformly random up to min(backoff-max, backoff-initial · 2^(n-1)) for the n-th retry. */
    Duration backoff(int retry) {
        long initial = properties.backoffInitial().toMillis();
        long cap = properties.backoffMax().toMillis();
        int doublings = Math.max(0, retry - 1);
        long bound = doublings >= 62 || initial > (cap >> doublings) ? cap : initial << doublings;
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(Math.max(1, bound) + 1));
    }
}
