package dev.tally.watcher.health;

import dev.tally.watcher.chain.ChainBlock;
import dev.tally.watcher.chain.ChainClient;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/** Passes calls through to the chain's client and records in {@link ChainStatus} whether the node answered. */
public final class StatusRecordingChainClient implements ChainClient {
    private final ChainClient client;
    private final ChainStatus status;

    public StatusRecordingChainClient(ChainClient client, ChainStatus status) {
        this.client = client;
        this.status = status;
    }

    @Override
    public long headNumber() {
        long head = recorded(client::headNumber);
        status.headSeen(head);
        return head;
    }

    @Override
    public Optional<ChainBlock> block(long number) {
        return recorded(() -> client.block(number));
    }

    @Override
    public OptionalLong finalizedNumber() {
        return recorded(client::finalizedNumber);
    }

    private <T> T recorded(Supplier<T> call) {
        try {
            T result = call.get();
            status.nodeAnswered();
            return result;
        } catch (RuntimeException e) {
            status.nodeFailed(e);
            throw e;
        }
    }
}
