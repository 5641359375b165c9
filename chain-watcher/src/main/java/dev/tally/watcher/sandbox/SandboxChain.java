package dev.tally.watcher.sandbox;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.watcher.chain.ChainBlock;
import dev.tally.watcher.chain.ChainClient;
import dev.tally.watcher.chain.ChainTransfer;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A simulated chain in memory: transfers submitted now go into the next block; blocks link by parent hash. Its
 * money is not real and it forgets everything on restart, which is what a sandbox is for. {@link #reorg} replaces
 * the most recent blocks, and {@link #reorgOut} the block of one transaction, so the scanner's reorg handling can be
 * tried too. A block {@code finalityDepth} below the head is final ({@link #finalizedNumber()}): no reorg reaches it.
 */
public class SandboxChain implements ChainClient {
    /** The token contract of the simulated USDT (Tron mainnet's address, so the data looks like the real thing). */
    public static final String USDT_CONTRACT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    public static final String CUSTOMER = "TSandboxCustomer0000000000000000000";
    private static final String GENESIS_PARENT = "0".repeat(64);
    private static final int BLOCKS_KEPT = 1_000;

    private final SecureRandom random = new SecureRandom();
    private final int finalityDepth;
    /** Contiguous by number, oldest first. */
    private final List<Block> blocks = new ArrayList<>();
    private final List<Transfer> mempool = new ArrayList<>();

    /** One token transfer of the simulated chain. */
    public record Transfer(Chain chain, String txHash, int logIndex, String tokenContract, String from, String to,
                           TokenAmount amount, boolean succeeded) {
        ChainTransfer toChainTransfer() {
            return new ChainTransfer(chain, txHash, logIndex, tokenContract, from, to, amount, succeeded);
        }
    }

    public record Block(long number, String hash, String parentHash, Instant time, List<Transfer> transfers) {
        public Block {
            transfers = List.copyOf(transfers);
        }

        ChainBlock toChainBlock() {
            return new ChainBlock(number, hash, parentHash, time,
                                  transfers.stream().map(Transfer::toChainTransfer).toList());
        }
    }

    public SandboxChain() {
        this(6);
    }

    public SandboxChain(int finalityDepth) {
        if (finalityDepth < 1) {
            throw new IllegalArgumentException("finalityDepth must be at least 1");
        }
        this.finalityDepth = finalityDepth;
    }

    /** Queues a successful USDT transfer from the sandbox customer for the next block. */
    public synchronized Transfer submit(Chain chain, String to, TokenAmount amount) {
        return submit(chain, USDT_CONTRACT, to, amount, true);
    }

    /**
     * Queues a transfer for the next block: of any token contract (another one is ignored by the watcher), and one
     * whose transaction reverts when {@code succeeded} is false.
     */
    public synchronized Transfer submit(Chain chain, String tokenContract, String to, TokenAmount amount,
                                        boolean succeeded) {
        Transfer transfer = new Transfer(chain, randomHash(), 0, tokenContract, CUSTOMER, to, amount, succeeded);
        mempool.add(transfer);
        return transfer;
    }

    /** Seals the queued transfers into a new block on top of the head. */
    public synchronized Block produceBlock(Instant now) {
        Block head = head();
        Block block = new Block(head == null ? 1 : head.number() + 1, randomHash(),
                                head == null ? GENESIS_PARENT : head.hash(), now, mempool);
        mempool.clear();
        blocks.add(block);
        if (blocks.size() > BLOCKS_KEPT) {
            blocks.remove(0);
        }
        return block;
    }

    /** Replaces the last {@code depth} blocks by new ones without their transfers (they are dropped). */
    public synchronized List<Block> reorg(int depth) {
        return reorg(depth, false);
    }

    /**
     * Replaces the last {@code depth} blocks by new blocks with the same numbers and new hashes, linked to the fork
     * point (the block below them). With {@code reinclude} each new block holds the transfers of the block it
     * replaces; without, they are dropped. Returns the new blocks, oldest first.
     */
    public synchronized List<Block> reorg(int depth, boolean reinclude) {
        if (depth < 1 || depth >= blocks.size()) {
            throw new IllegalArgumentException("a reorg needs 1 to " + (blocks.size() - 1) + " blocks, not " + depth);
        }
        int fork = blocks.size() - depth - 1;
        String parent = blocks.get(fork).hash();
        List<Block> replaced = new ArrayList<>();
        for (int i = fork + 1; i < blocks.size(); i++) {
            Block old = blocks.get(i);
            Block replacement = new Block(old.number(), randomHash(), parent, old.time(),
                                          reinclude ? old.transfers() : List.of());
            blocks.set(i, replacement);
            replaced.add(replacement);
            parent = replacement.hash();
        }
        return List.copyOf(replaced);
    }

    /**
     * Replaces the block holding {@code txHash} by one without that transaction (its other transfers stay), and every
     * block above it by a copy with a new hash, as a chain reorganisation that dropped one transaction does.
     *
     * @return the number of the block it was in
     * @throws NoSuchElementException when no kept block holds the transaction (still in the mempool, or
     *                                          never sent)
     * @throws IllegalStateException            when its block is final already
     */
    public synchronized long reorgOut(String txHash) {
        int index = -1;
        for (int i = blocks.size() - 1; i >= 0 && index < 0; i--) {
            if (blocks.get(i).transfers().stream().anyMatch(t -> t.txHash().equals(txHash))) {
                index = i;
            }
        }
        if (index < 0) {
            throw new NoSuchElementException("no block holds transaction " + txHash);
        }
        Block target = blocks.get(index);
        if (target.number() <= finalizedNumber().orElse(0)) {
            throw new IllegalStateException("block " + target.number() + " of transaction " + txHash
                                            + " is final: it can no longer be reorganised");
        }
        String parent = target.parentHash();
        for (int i = index; i < blocks.size(); i++) {
            Block old = blocks.get(i);
            List<Transfer> kept = i == index
                    ? old.transfers().stream().filter(t -> !t.txHash().equals(txHash)).toList()
                    : old.transfers();
            Block replacement = new Block(old.number(), randomHash(), parent, old.time(), kept);
            blocks.set(i, replacement);
            parent = replacement.hash();
        }
        return target.number();
    }

    /** Whether a block holds the transaction now. */
    public synchronized boolean isIncluded(String txHash) {
        return blocks.stream().anyMatch(b -> b.transfers().stream().anyMatch(t -> t.txHash().equals(txHash)));
    }

    /** The highest final block; 0 (none) while the chain is shorter than the finality depth. */
    @Override
    public synchronized OptionalLong finalizedNumber() {
        return OptionalLong.of(Math.max(0, headNumber() - finalityDepth));
    }

    /** The most recent blocks, oldest first, at most {@code depth}. */
    public synchronized List<Block> recentBlocks(int depth) {
        return List.copyOf(blocks.subList(Math.max(0, blocks.size() - depth), blocks.size()));
    }

    /** The block at {@code number} as the sandbox has it now, if it is still kept. */
    public synchronized Optional<Block> blockAt(long number) {
        if (blocks.isEmpty()) {
            return Optional.empty();
        }
        long index = number - blocks.get(0).number();
        return index < 0 || index >= blocks.size() ? Optional.empty() : Optional.of(blocks.get((int) index));
    }

    @Override
    public synchronized long headNumber() {
        Block head = head();
        return head == null ? 0 : head.number();
    }

    @Override
    public synchronized Optional<ChainBlock> block(long number) {
        return blockAt(number).map(Block::toChainBlock);
    }

    private Block head() {
        return blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
    }

    private String randomHash() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
