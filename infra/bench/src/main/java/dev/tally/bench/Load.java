package dev.tally.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/** HTTP load: closed loops on N connections, or requests started at a fixed rate (open loop). */
final class Load {
    /** What a run measured: requests per second, latencies, and answers that were not the expected status. */
    record Result(double perSecond, Latencies latencies, long errors) {
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient client;

    Load() {
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                           .connectTimeout(Duration.ofSeconds(10)).build();
    }

    /**
     * {@code connections} clients, each sending its next request when the last was answered, for {@code warmUp}
     * (not measured) and then {@code duration}. {@code request} makes the n-th request.
     */
    Result closedLoop(int connections, Duration warmUp, Duration duration, int expectedStatus,
                      LongFunction<HttpRequest> request) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        AtomicLong sequence = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmUp.toNanos();
        long end = measureFrom + duration.toNanos();
        List<Future<long[]>> futures = new ArrayList<>();
        List<Latencies> perThread = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            Latencies latencies = new Latencies();
            perThread.add(latencies);
            futures.add(threads.submit(() -> {
                long done = 0;
                long errors = 0;
                while (true) {
                    long sent = System.nanoTime();
                    if (sent >= end) {
                        break;
                    }
                    int status = status(request.apply(sequence.getAndIncrement()));
                    long answered = System.nanoTime();
                    if (sent >= measureFrom && answered <= end) {
                        latencies.add(answered - sent);
                        done++;
                        if (status != expectedStatus) {
                            errors++;
                        }
                    }
                }
                return new long[] {done, errors};
            }));
        }
        long done = 0;
        long errors = 0;
        for (Future<long[]> future : futures) {
            long[] counts = future.get();
            done += counts[0];
            errors += counts[1];
        }
        threads.shutdown();
        Latencies all = new Latencies();
        perThread.forEach(all::addAll);
        return new Result(done / (duration.toNanos() / 1e9), all, errors);
    }

    /**
     * Requests started at {@code perSecond}, whatever the answers' pace, each timed from when it was due (so a slow
     * answer delays no measurement), on up to {@code concurrency} connections. (The closed loops above time each
     * request from when it was sent: their tails understate what a client at a fixed rate would see.)
     */
    Result openLoop(double perSecond, int concurrency, Duration duration, int expectedStatus,
                    LongFunction<HttpRequest> request) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        Latencies latencies = new Latencies();
        AtomicLong errors = new AtomicLong();
        long interval = (long) (1e9 / perSecond);
        long start = System.nanoTime();
        long total = (long) (perSecond * duration.toNanos() / 1e9);
        List<Future<?>> futures = new ArrayList<>();
        for (long n = 0; n < total; n++) {
            long due = start + n * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            long index = n;
            futures.add(threads.submit(() -> {
                int status = status(request.apply(index));
                latencies.add(System.nanoTime() - due);
                if (status != expectedStatus) {
                    errors.incrementAndGet();
                }
                return null;
            }));
        }
        for (Future<?> future : futures) {
            future.get();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        threads.shutdown();
        return new Result(total / elapsed, latencies, errors.get());
    }

    /** The answer's status; a request that fails or takes over 30 s counts as status 0 (an error), not as a crash. */
    private int status(HttpRequest request) throws InterruptedException {
        try {
            return client.send(HttpRequest.newBuilder(request, (name, value) -> true).timeout(TIMEOUT).build(),
                               HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return 0;
        }
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
