package dev.tally.watcher.scan;

import dev.tally.watcher.chain.ChainBlock;
import dev.tally.watcher.chain.ChainClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Timeouts, retries and failover across node endpoints, with in-test nodes standing in for remote ones. */
class FailoverChainClientTest {
    private static final FailoverChainClient.Settings SETTINGS = new FailoverChainClient.Settings(
            Duration.ofMillis(500), 3, Duration.ofMillis(1), Duration.ofMillis(4), 2, Duration.ofMinutes(1));

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T00:00:00Z"));
    private final List<FailoverChainClient> clients = new ArrayList<>();

    @AfterEach
    void close() {
        clients.forEach(FailoverChainClient::close);
    }

    /** A node that answers its head, or fails while {@code down}; counts the calls it got. */
    static class FakeNode implements ChainClient {
        final long head;
        volatile boolean down;
        final AtomicInteger failuresToCome = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        volatile CountDownLatch hang;

        FakeNode(long head) {
            this.head = head;
        }

        @Override
        public long headNumber() {
            calls.incrementAndGet();
            CountDownLatch latch = hang;
            if (latch != null) {
                hang = null;
                try {
                    latch.await(); // until the caller gives up and interrupts
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted");
                }
            }
            if (down || failuresToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("connection refused");
            }
            return head;
        }

        @Override
        public Optional<ChainBlock> block(long number) {
            return Optional.empty();
        }

        @Override
        public OptionalLong finalizedNumber() {
            return OptionalLong.of(head - 19);
        }
    }

    static class MovableClock extends Clock {
        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    }

    private FailoverChainClient client(FakeNode... nodes) {
        List<FailoverChainClient.Node> list = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            list.add(new FailoverChainClient.Node("node-" + (char) ('a' + i), nodes[i]));
        }
        FailoverChainClient client = new FailoverChainClient("tron", list, SETTINGS, clock);
        clients.add(client);
        return client;
    }

    @Test
    void aCallThatFailsOnceIsRetriedAndAnswers() {
        FakeNode node = new FakeNode(100);
        node.failuresToCome.set(1);
        FailoverChainClient client = client(node);

        assertThat(client.headNumber()).isEqualTo(100);
        assertThat(node.calls).hasValue(2);
    }

    @Test
    void aCallThatHangsTimesOutAndIsRetried() {
        FakeNode node = new FakeNode(100);
        node.hang = new CountDownLatch(1);
        FailoverChainClient client = client(node);

        assertThat(client.headNumber()).isEqualTo(100);
        assertThat(node.calls).hasValue(2);
    }

    @Test
    void aCallFailingOnEveryAttemptThrowsNamingChainCallAndEndpoint() {
        FakeNode node = new FakeNode(100);
        node.down = true;
        FailoverChainClient client = client(node);

        assertThatThrownBy(client::headNumber)
                .isInstanceOf(FailoverChainClient.ChainCallException.class)
                .hasMessageContaining("tron").hasMessageContaining("head").hasMessageContaining("node-a")
                .hasMessageContaining("connection refused");
        assertThat(node.calls).hasValue(SETTINGS.maxAttempts());
    }

    @Test
    void anEndpointThatKeepsFailingIsLeftForTheNextAndTakenBackWhenItAnswersAgain() {
        FakeNode preferred = new FakeNode(100);
        FakeNode backup = new FakeNode(99);
        FailoverChainClient client = client(preferred, backup);
        assertThat(client.headNumber()).isEqualTo(100);

        preferred.down = true;
        // Two failures in a row (failoverAfter) and the retry goes to the backup.
        assertThat(client.headNumber()).isEqualTo(99);
        assertThat(client.currentEndpoint()).isEqualTo("node-b");
        int preferredCalls = preferred.calls.get();
        assertThat(client.headNumber()).isEqualTo(99);
        assertThat(preferred.calls).as("skipped while it keeps failing").hasValue(preferredCalls);

        // After failbackAfter the preferred one gets a trial call: still down, so skipped again.
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(client.headNumber()).isEqualTo(99);
        assertThat(preferred.calls).hasValue(preferredCalls + 1);
        assertThat(client.currentEndpoint()).isEqualTo("node-b");

        // Once it answers a trial call, it is in use again.
        preferred.down = false;
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        assertThat(client.headNumber()).isEqualTo(100);
        assertThat(client.currentEndpoint()).isEqualTo("node-a");
        assertThat(client.headNumber()).isEqualTo(100);
    }

    @Test
    void whenEveryEndpointIsSkippedThePreferredOneIsStillTried() {
        FakeNode only = new FakeNode(100);
        FailoverChainClient client = client(only);
        only.down = true;
        assertThatThrownBy(client::headNumber).isInstanceOf(FailoverChainClient.ChainCallException.class);

        only.down = false;
        assertThat(client.headNumber()).isEqualTo(100);
    }

    @Test
    void finalizedHeightAndBlocksGoThroughTheSameEndpoint() {
        FakeNode node = new FakeNode(100);
        FailoverChainClient client = client(node);

        assertThat(client.finalizedNumber()).hasValue(81);
        assertThat(client.block(5)).isEmpty();
    }

    @Test
    void labelsKeepOnlySchemeHostAndPort() {
        assertThat(FailoverChainClient.label("https://mainnet.infura.io/v3/secret-project-key"))
                .isEqualTo("https://mainnet.infura.io");
        assertThat(FailoverChainClient.label("http://127.0.0.1:8545")).isEqualTo("http://127.0.0.1:8545");
        assertThat(FailoverChainClient.label("grpc.trongrid.io:50051")).isEqualTo("grpc.trongrid.io:50051");
    }
}
