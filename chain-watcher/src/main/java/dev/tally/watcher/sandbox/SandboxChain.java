package dev.tally.watcher.sandbox;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.watcher.chain.ChainBlock;
import dev.tally.watcher.chain.ChainClient;
import dev.tally.watcher.chain.ChainTransfer;
import dev.tally.watcher.send.ChainSender.TokenBalance;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * A simulated chain: transfers submitted now go into the next block; blocks link by parent hash. Its money is not
 * real. {@link #reorg} replaces the most recent blocks, and {@link #reorgOut} the block of one transaction, so the
 * scanner's reorg handling can be tried too. A block {@code finalityDepth} below the head is final
 * ({@link #finalizedNumber()}): no reorg reaches it.
 * <p>
 * Where its blocks live is the {@link Store}'s business: in memory ({@link #SandboxChain(int)}, for tests that need a
 * chain node), or in PostgreSQL ({@link JdbcSandboxStore}: the launcher's sandbox, which survives restarts — with the
 * watcher's checkpoint — and is one chain for every node on the database).
 */
public class SandboxChain implements ChainClient {
    /** The token contract of the simulated USDT (Tron mainnet's address, so the data looks like the real thing). */
    public static final String USDT_CONTRACT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    public static final String CUSTOMER = "TSandboxCustomer0000000000000000000";
    /** Where the sandbox's payouts come from: the platform's simulated hot wallet. */
    public static final String HOT_WALLET = "TSandboxHotWallet000000000000000000";
    private static final String GENESIS_PARENT = "0".repeat(64);
    /** Blocks older than this many below the head are forgotten. */
    static final int BLOCKS_KEPT = 1_000;

    private final SecureRandom random = new SecureRandom();
    private final int finalityDepth;
    private final Store store;

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

        boolean holds(String txHash) {
            return transfers.stream().anyMatch(t -> t.txHash().equals(txHash));
        }
    }

    /** Where the chain's blocks and mempool are kept. */
    public interface Store {
        /** Runs {@code work} alone among the writers of this chain; what it changed is kept all or nothing. */
        <T> T write(Function<Blocks, T> work);

        /** Runs {@code work} over what the chain holds now. */
        <T> T read(Function<Blocks, T> work);
    }

    /** The kept blocks, contiguous by number, and the transfers waiting for the next block. */
    public interface Blocks {
        Optional<Block> head();

        Optional<Block> at(long number);

        /** The most recent blocks, oldest first, at most {@code count}. */
        List<Block> recent(int count);

        /** The newest kept block holding the transaction. */
        Optional<Block> holding(String txHash);

        long count();

        /**
         * Adds the block, or replaces the one with its number; the balances follow: the block's successful USDT
         * transfers are added to them, and the replaced block's taken back out.
         */
        void put(Block block);

        /** What {@code address} holds of the sandbox's USDT on {@code chain}, in base units, in the newest block. */
        BigInteger balance(Chain chain, String address);

        /** Forgets the blocks below {@code number}. */
        void forgetBelow(long number);

        void enqueue(Transfer transfer);

        /** Whether the transaction waits in the mempool. */
        boolean queued(String txHash);

        /** The waiting transfers, in the order they came, now taken out of the mempool. */
        List<Transfer> drainMempool();

        /** Remembers who sent a transaction through the sandbox (a merchant id), kept as long as the chain. */
        void recordSender(String txHash, String sender);

        Optional<String> sender(String txHash);
    }

    /** A chain in memory, forgotten with the object. */
    public SandboxChain() {
        this(6);
    }

    /** A chain in memory, forgotten with the object. */
    public SandboxChain(int finalityDepth) {
        this(finalityDepth, new MemorySandboxStore());
    }

    public SandboxChain(int finalityDepth, Store store) {
        if (finalityDepth < 1) {
            throw new IllegalArgumentException("finalityDepth must be at least 1");
        }
        this.finalityDepth = finalityDepth;
        this.store = store;
    }

    /** Queues a successful USDT transfer from the sandbox customer for the next block. */
    public Transfer submit(Chain chain, String to, TokenAmount amount) {
        return submit(chain, USDT_CONTRACT, to, amount, true, null);
    }

    /**
     * Queues a transfer for the next block: of any token contract (another one is ignored by the watcher), and one
     * whose transaction reverts when {@code succeeded} is false. {@code sender}, when given, is remembered for
     * {@link #sender(String)}.
     */
    public Transfer submit(Chain chain, String tokenContract, String to, TokenAmount amount, boolean succeeded,
                           String sender) {
        Transfer transfer = new Transfer(chain, randomHash(), 0, tokenContract, CUSTOMER, to, amount, succeeded);
        return store.write(blocks -> {
            blocks.enqueue(transfer);
            if (sender != null) {
                blocks.recordSender(transfer.txHash(), sender);
            }
            return transfer;
        });
    }

    /**
     * Queues a transfer built elsewhere, with its own hash, unless a kept block holds it or it waits already: handing
     * the same transaction to the chain again never sends it twice, as a real node refuses a known transaction.
     *
     * @return whether it was queued now
     */
    public boolean sendOnce(Transfer transfer, String sender) {
        return store.write(blocks -> {
            if (blocks.holding(transfer.txHash()).isPresent() || blocks.queued(transfer.txHash())) {
                return false;
            }
            blocks.enqueue(transfer);
            if (sender != null) {
                blocks.recordSender(transfer.txHash(), sender);
            }
            return true;
        });
    }

    /** The kept block that holds the transaction now, if any. */
    public Optional<Block> blockHolding(String txHash) {
        return store.read(blocks -> blocks.holding(txHash));
    }

    /** Whether the transaction waits for the next block. */
    public boolean isQueued(String txHash) {
        return store.read(blocks -> blocks.queued(txHash));
    }

    /** Who submitted the transaction, when it was submitted with a sender. */
    public Optional<String> sender(String txHash) {
        return store.read(blocks -> blocks.sender(txHash));
    }

    /** Seals the queued transfers into a new block on top of the head. */
    public Block produceBlock(Instant now) {
        return produceBlock(now, Long.MAX_VALUE);
    }

    /**
     * Seals the queued transfers into a new block on top of the head. Blocks more than {@value #BLOCKS_KEPT} below
     * the head are forgotten, but none that a scanner at {@code scannedUpTo} still needs (the blocks after it, and
     * {@value #BLOCKS_KEPT} below it to follow a reorg).
     */
    public Block produceBlock(Instant now, long scannedUpTo) {
        String hash = randomHash();
        return store.write(blocks -> {
            Optional<Block> head = blocks.head();
            Block block = new Block(head.map(b -> b.number() + 1).orElse(1L), hash,
                                    head.map(Block::hash).orElse(GENESIS_PARENT), now, blocks.drainMempool());
            blocks.put(block);
            blocks.forgetBelow(Math.min(block.number(), scannedUpTo) - BLOCKS_KEPT + 1);
            return block;
        });
    }

    /** Replaces the last {@code depth} blocks by new ones without their transfers (they are dropped). */
    public List<Block> reorg(int depth) {
        return reorg(depth, false);
    }

    /**
     * Replaces the last {@code depth} blocks by new blocks with the same numbers and new hashes, linked to the fork
     * point (the block below them). With {@code reinclude} each new block holds the transfers of the block it
     * replaces; without, they are dropped. Returns the new blocks, oldest first.
     */
    public List<Block> reorg(int depth, boolean reinclude) {
        return store.write(blocks -> {
            long kept = blocks.count();
            if (depth < 1 || depth >= kept) {
                throw new IllegalArgumentException("a reorg needs 1 to " + (kept - 1) + " blocks, not " + depth);
            }
            List<Block> recent = blocks.recent(depth + 1);
            String parent = recent.get(0).hash();
            List<Block> replaced = new ArrayList<>();
            for (Block old : recent.subList(1, recent.size())) {
                Block replacement = new Block(old.number(), randomHash(), parent, old.time(),
                                              reinclude ? old.transfers() : List.of());
                blocks.put(replacement);
                replaced.add(replacement);
                parent = replacement.hash();
            }
            return List.copyOf(replaced);
        });
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
    public long reorgOut(String txHash) {
        return store.write(blocks -> {
            Block target = blocks.holding(txHash)
                                 .orElseThrow(() -> new NoSuchElementException("no block holds transaction " + txHash));
            long head = blocks.head().orElseThrow().number();
            if (target.number() <= finalized(head)) {
                throw new IllegalStateException("block " + target.number() + " of transaction " + txHash
                                                + " is final: it can no longer be reorganised");
            }
            String parent = target.parentHash();
            for (Block old : blocks.recent((int) (head - target.number() + 1))) {
                List<Transfer> kept = old.number() == target.number()
                        ? old.transfers().stream().filter(t -> !t.txHash().equals(txHash)).toList()
                        : old.transfers();
                Block replacement = new Block(old.number(), randomHash(), parent, old.time(), kept);
                blocks.put(replacement);
                parent = replacement.hash();
            }
            return target.number();
        });
    }

    /**
     * What {@code address} holds of the sandbox's USDT on {@code chain}, in base units: in the newest final block
     * (money no reorg can take any more), and in the newest block.
     */
    public TokenBalance tokenBalance(Chain chain, String address) {
        // Under the writers' lock: the balances and the blocks not final yet are read as of one head.
        return store.write(blocks -> {
            BigInteger latest = blocks.balance(chain, address);
            long head = blocks.head().map(Block::number).orElse(0L);
            BigInteger notFinal = BigInteger.ZERO;
            for (Block block : blocks.recent((int) (head - finalized(head)))) {
                notFinal = notFinal.add(moved(block.transfers(), chain, address));
            }
            return new TokenBalance(latest.subtract(notFinal), latest);
        });
    }

    /** What the successful USDT transfers among {@code transfers} moved to {@code address} on {@code chain}. */
    static BigInteger moved(List<Transfer> transfers, Chain chain, String address) {
        BigInteger moved = BigInteger.ZERO;
        for (Transfer transfer : transfers) {
            if (!transfer.succeeded() || transfer.chain() != chain
                || !USDT_CONTRACT.equals(transfer.tokenContract())) {
                continue;
            }
            BigInteger amount = BigInteger.valueOf(transfer.amount().baseUnits());
            if (address.equals(transfer.to())) {
                moved = moved.add(amount);
            }
            if (address.equals(transfer.from())) {
                moved = moved.subtract(amount);
            }
        }
        return moved;
    }

    /** Whether a block holds the transaction now. */
    public boolean isIncluded(String txHash) {
        return store.read(blocks -> blocks.holding(txHash).isPresent());
    }

    /** The highest final block; 0 (none) while the chain is shorter than the finality depth. */
    @Override
    public OptionalLong finalizedNumber() {
        return OptionalLong.of(finalized(headNumber()));
    }

    /** The most recent blocks, oldest first, at most {@code depth}. */
    public List<Block> recentBlocks(int depth) {
        return store.read(blocks -> blocks.recent(depth));
    }

    /** The block at {@code number} as the sandbox has it now, if it is still kept. */
    public Optional<Block> blockAt(long number) {
        return store.read(blocks -> blocks.at(number));
    }

    @Override
    public long headNumber() {
        return store.read(blocks -> blocks.head().map(Block::number).orElse(0L));
    }

    @Override
    public Optional<ChainBlock> block(long number) {
        return blockAt(number).map(Block::toChainBlock);
    }

    private long finalized(long head) {
        return Math.max(0, head - finalityDepth);
    }

    private String randomHash() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
