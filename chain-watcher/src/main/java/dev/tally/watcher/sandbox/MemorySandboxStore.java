package dev.tally.watcher.sandbox;

import dev.tally.watcher.sandbox.SandboxChain.Block;
import dev.tally.watcher.sandbox.SandboxChain.Transfer;

import dev.tally.kernel.money.Chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/** A sandbox chain's blocks in memory: one lock for readers and writers, gone with the object. */
final class MemorySandboxStore implements SandboxChain.Store, SandboxChain.Blocks {
    private final TreeMap<Long, Block> blocks = new TreeMap<>();
    private final List<Transfer> mempool = new ArrayList<>();
    private final Map<String, String> senders = new java.util.HashMap<>();
    /** Balances by chain code and address. */
    private final Map<String, BigInteger> balances = new java.util.HashMap<>();

    @Override
    public synchronized <T> T write(Function<SandboxChain.Blocks, T> work) {
        return work.apply(this);
    }

    @Override
    public synchronized <T> T read(Function<SandboxChain.Blocks, T> work) {
        return work.apply(this);
    }

    @Override
    public Optional<Block> head() {
        return Optional.ofNullable(blocks.lastEntry()).map(Map.Entry::getValue);
    }

    @Override
    public Optional<Block> at(long number) {
        return Optional.ofNullable(blocks.get(number));
    }

    @Override
    public List<Block> recent(int count) {
        List<Block> newestFirst = blocks.descendingMap().values().stream().limit(count).toList();
        List<Block> oldestFirst = new ArrayList<>(newestFirst);
        java.util.Collections.reverse(oldestFirst);
        return List.copyOf(oldestFirst);
    }

    @Override
    public Optional<Block> holding(String txHash) {
        return blocks.descendingMap().values().stream().filter(b -> b.holds(txHash)).findFirst();
    }

    @Override
    public long count() {
        return blocks.size();
    }

    @Override
    public void put(Block block) {
        Block replaced = blocks.put(block.number(), block);
        if (replaced != null) {
            account(replaced, -1);
        }
        account(block, 1);
    }

    private void account(Block block, int sign) {
        for (Transfer transfer : block.transfers()) {
            if (transfer.succeeded() && SandboxChain.USDT_CONTRACT.equals(transfer.tokenContract())) {
                BigInteger amount = BigInteger.valueOf(transfer.amount().baseUnits() * sign);
                balances.merge(key(transfer.chain(), transfer.to()), amount, BigInteger::add);
                balances.merge(key(transfer.chain(), transfer.from()), amount.negate(), BigInteger::add);
            }
        }
    }

    @Override
    public BigInteger balance(Chain chain, String address) {
        return balances.getOrDefault(key(chain, address), BigInteger.ZERO);
    }

    private static String key(Chain chain, String address) {
        return chain.code() + ":" + address;
    }

    @Override
    public void forgetBelow(long number) {
        blocks.headMap(number).clear();
    }

    @Override
    public void enqueue(Transfer transfer) {
        mempool.add(transfer);
    }

    @Override
    public boolean queued(String txHash) {
        return mempool.stream().anyMatch(t -> t.txHash().equals(txHash));
    }

    @Override
    public List<Transfer> drainMempool() {
        List<Transfer> drained = List.copyOf(mempool);
        mempool.clear();
        return drained;
    }

    @Override
    public void recordSender(String txHash, String sender) {
        senders.put(txHash, sender);
    }

    @Override
    public Optional<String> sender(String txHash) {
        return Optional.ofNullable(senders.get(txHash));
    }
}
