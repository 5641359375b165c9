package dev.tally.watcher.sandbox;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A simulated chain in memory: transfers submitted now go into the next block; blocks link by parent hash. Its
 * money is not real and it forgets everything on restart, which is what a sandbox is for.
 */
public class SandboxChain {
    /** The token contract of the simulated USDT (Tron mainnet's address, so the data looks like the real thing). */
    public static final String USDT_CONTRACT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    public static final String CUSTOMER = "TSandboxCustomer0000000000000000000";
    private static final int BLOCKS_KEPT = 1_000;

    private final SecureRandom random = new SecureRandom();
    private final List<Block> blocks = new ArrayList<>();
    private final List<Transfer> mempool = new ArrayList<>();

    /** One token transfer of the simulated chain. */
    public record Transfer(Chain chain, String txHash, int logIndex, String from, String to, TokenAmount amount) {
    }

    public record Block(long number, String hash, String parentHash, Instant time, List<Transfer> transfers) {
        public Block {
            transfers = List.copyOf(transfers);
        }
    }

    /** Queues a transfer for the next block. */
    public synchronized Transfer submit(Chain chain, String to, TokenAmount amount) {
        Transfer transfer = new Transfer(chain, randomHash(), 0, CUSTOMER, to, amount);
        mempool.add(transfer);
        return transfer;
    }

    /** Seals the queued transfers into a new block on top of the head. */
    public synchronized Block produceBlock(Instant now) {
        Block head = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
        Block block = new Block(head == null ? 1 : head.number() + 1, randomHash(),
                                head == null ? "0".repeat(64) : head.hash(), now, mempool);
        mempool.clear();
        blocks.add(block);
        if (blocks.size() > BLOCKS_KEPT) {
            blocks.remove(0);
        }
        return block;
    }

    /** The most recent blocks, oldest first, at most {@code depth}. */
    public synchronized List<Block> recentBlocks(int depth) {
        return List.copyOf(blocks.subList(Math.max(0, blocks.size() - depth), blocks.size()));
    }

    public synchronized long headNumber() {
        return blocks.isEmpty() ? 0 : blocks.get(blocks.size() - 1).number();
    }

    private String randomHash() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
