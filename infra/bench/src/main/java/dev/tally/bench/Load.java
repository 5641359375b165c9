package dev.tally.bench;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * HTTP load: closed loops on N connections, or requests started at a fixed rate (open loop). Sent with Apache's
 * classic (blocking) client on kept-alive connections: on a machine of two cores the load generator shares the CPU
 * with the launcher and PostgreSQL, and the JDK's HttpClient took more CPU per request than the server it measured
 * (measured on the health endpoint: 1.1 cores of client for 2 750 requests/s, against 0.5 for 10 000).
 */
final class Load implements AutoCloseable {
    /** What a run measured: requests per second, latencies, and answers that were not the expected status. */
    record Result(double perSecond, Latencies latencies, long errors) {
    }

    /** One request: a method, an address, the API key it is sent with (or none) and a JSON body (or none). */
    record Request(String method, URI uri, String apiKey, String json) {
        static Request get(URI uri, String apiKey) {
            return new Request("GET", uri, apiKey, null);
        }

        static Request post(URI uri, String apiKey, String json) {
            return new Request("POST", uri, apiKey, json);
        }

        ClassicHttpRequest toHttp() {
            ClassicRequestBuilder builder = ClassicRequestBuilder.create(method).setUri(uri);
            if (apiKey != null) {
                builder.addHeader("Authorization", "Bearer " + apiKey);
            }
            if (json != null) {
                builder.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
            }
            return builder.build();
        }
    }

    /** An answer read whole: its status and body. */
    record Answer(int status, String body) {
    }

    private static final Timeout TIMEOUT = Timeout.ofSeconds(30);

    private final CloseableHttpClient client;

    Load() {
        client = HttpClients.custom()
                            .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                                    .setMaxConnTotal(256).setMaxConnPerRoute(256)
                                    .setDefaultConnectionConfig(ConnectionConfig.custom()
                                            .setConnectTimeout(Timeout.ofSeconds(10)).setSocketTimeout(TIMEOUT)
                                            .build())
                                    .build())
                            .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(TIMEOUT).build())
                            .disableAutomaticRetries()
                            .disableCookieManagement()
                            .build();
    }

    /**
     * {@code connections} clients, each sending its next request when the last was answered, for {@code warmUp}
     * (not measured) and then {@code duration}. {@code request} makes the n-th request.
     */
    Result closedLoop(int connections, Duration warmUp, Duration duration, int expectedStatus,
                      LongFunction<Request> request) throws Exception {
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
                    LongFunction<Request> request) throws Exception {
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
    private int status(Request request) {
        try {
            return client.execute(request.toHttp(), response -> {
                EntityUtils.consume(response.getEntity());
                return response.getCode();
            });
        } catch (IOException e) {
            return 0;
        }
    }

    Answer send(Request request) throws IOException {
        return client.execute(request.toHttp(), response -> new Answer(response.getCode(),
                response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8)));
    }

    @Override
    public void close() throws IOException {
        client.close();
    }
}
