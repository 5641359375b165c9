package dev.tally.watcher.tron;

import com.google.protobuf.ByteString;
import dev.tally.watcher.tron.MainnetShapedBlocks.Block;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import org.tron.trident.api.GrpcAPI.BytesMessage;
import org.tron.trident.api.GrpcAPI.EmptyMessage;
import org.tron.trident.api.GrpcAPI.NumberMessage;
import org.tron.trident.api.WalletGrpc;
import org.tron.trident.api.WalletSolidityGrpc;
import org.tron.trident.proto.Chain.Transaction;
import org.tron.trident.proto.Chain.Transaction.Result.contractResult;
import org.tron.trident.api.GrpcAPI.CanDelegatedMaxSizeRequestMessage;
import org.tron.trident.api.GrpcAPI.CanDelegatedMaxSizeResponseMessage;
import org.tron.trident.proto.Common;
import org.tron.trident.proto.Contract.DelegateResourceContract;
import org.tron.trident.proto.Contract.TransferContract;
import org.tron.trident.proto.Contract.UnDelegateResourceContract;
import org.tron.trident.proto.Response.AccountResourceMessage;
import org.tron.trident.proto.Response.DelegatedResource;
import org.tron.trident.proto.Response.DelegatedResourceList;
import org.tron.trident.proto.Response.DelegatedResourceMessage;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.api.GrpcAPI.AccountAddressMessage;
import org.tron.trident.proto.Response.Account;
import org.tron.trident.proto.Response.ChainParameters;
import org.tron.trident.proto.Response.BlockExtention;
import org.tron.trident.proto.Response.ResourceReceipt;
import org.tron.trident.proto.Response.TransactionExtention;
import org.tron.trident.proto.Response.TransactionInfo;
import org.tron.trident.proto.Response.TransactionReturn;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.tron.trident.proto.Response.TransactionInfoList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Tron node for tests: a real gRPC server (HTTP/2 on a free loopback port) implementing trident's {@code Wallet}
 * service (head, block by number, transaction infos by block number) and, optionally, {@code WalletSolidity} (the
 * solidified block), answering like java-tron does: an empty message for a block above the head, an empty info list
 * for a block it has not got. Blocks come from {@link MainnetShapedBlocks}; {@link #switchBranch} makes it follow
 * another branch from some height (a fork).
 *
 * <p>It also takes transactions, as the network would: {@code TriggerContract} builds a token transfer's unsigned
 * transaction on the head block (expiring 60 s after it); {@code BroadcastTransaction} refuses a transaction whose
 * one signature does not recover to its owner address ({@code SIGERROR}), an expired one, one it holds already
 * ({@code DUP_TRANSACTION_ERROR}), and one whose owner has neither the energy nor the TRX to burn for it;
 * {@link #produceBlock} executes what it took, in order: a transfer of the token moves the owner's balance (or
 * reverts when short; {@code TriggerConstantContract} runs one without taking it), uses {@link #TRANSFER_ENERGY},
 * covered first by the energy the owner was delegated and burning {@link #SUN_PER_ENERGY} SUN per unit for the
 * rest; {@code GetTransactionInfoById} tells where and at what cost. {@link #orphanHead} drops the head block as a
 * reorganisation does: what its transactions did is undone, and the node holds them no more. TRX moves by
 * {@code TransferContract} (built by the sender from the head block, as trident's wallet does; it costs no TRX here),
 * {@code GetAccount} gives an account's TRX, {@code GetChainParameters} the energy price, and
 * {@code TriggerConstantContract} answers {@code balanceOf} of the token (on the solidified state on
 * {@code WalletSolidity}) and the energy a transfer uses. Energy is staked ({@link #stakeForEnergy}) and delegated as
 * in Stake 2.0: {@code DelegateResourceContract} moves an owner's staked, undelegated TRX to an account that exists
 * (it has been sent TRX), which gets {@link #ENERGY_PER_TRX} energy per TRX; {@code UnDelegateResourceContract}
 * takes it back, with whatever of that energy is left, and the energy the receiver used becomes the owner's usage
 * (which recovers over 24 hours on the network, and not here); {@code GetCanDelegatedMaxSize} tells what an owner
 * can delegate (staked, not delegated, not in use), {@code GetDelegatedResourceV2} what it delegates to whom, and
 * {@code GetAccountResource} the network's energy totals. A delegation that is no longer valid when its block is
 * produced is dropped, as the network drops it.
 * Every other method answers UNIMPLEMENTED, as trident's generated base classes do.
 */
public final class TronTestNode implements AutoCloseable {
    /** The energy a token transfer uses. */
    static final long TRANSFER_ENERGY = 29_650;
    /** The SUN burned for each unit of energy the account's delegated energy does not cover. */
    static final long SUN_PER_ENERGY = 420;
    /** The SUN burned per byte of bandwidth (charged nothing here: accounts have their free bandwidth). */
    static final long SUN_PER_BYTE = 1_000;
    /** The network's daily energy ({@code TotalEnergyLimit}) and the TRX staked for it ({@code TotalEnergyWeight}). */
    static final long TOTAL_ENERGY_LIMIT = 90_000_000_000L;
    static final long TOTAL_ENERGY_WEIGHT = 9_000_000_000L;
    /** The energy a TRX staked gives: the limit over the weight. */
    static final long ENERGY_PER_TRX = TOTAL_ENERGY_LIMIT / TOTAL_ENERGY_WEIGHT;
    /** How long after the head block's time a transaction built by the node expires. */
    public static final long EXPIRATION_MILLIS = 60_000;
    private static final HexFormat HEX = HexFormat.of();

    private final Server server;
    private final MainnetShapedBlocks shapes = new MainnetShapedBlocks(7);
    /** By 21-byte address: TRX in SUN, delegated energy, token balance. */
    private final Map<ByteString, Long> trx = new HashMap<>();
    private final Map<ByteString, Long> energy = new HashMap<>();
    /** By owner: SUN staked for energy and not delegated; by owner and receiver: SUN delegated. */
    private final Map<ByteString, Long> staked = new HashMap<>();
    private final Map<List<ByteString>, Long> delegations = new HashMap<>();
    /** By owner: energy its receivers used of what it delegated and took back. */
    private final Map<ByteString, Long> usage = new HashMap<>();
    private final Map<ByteString, BigInteger> tokens = new HashMap<>();
    private final List<Transaction> pending = new ArrayList<>();
    /** What each block's transactions changed, by block number: undone, newest first, when the block is dropped. */
    private final Map<Long, List<Runnable>> undo = new HashMap<>();
    /** The token balances as each block left them, by block number: the solidified state is one of them. */
    private final Map<Long, Map<ByteString, BigInteger>> tokensAfter = new HashMap<>();
    private volatile String token = MainnetShapedBlocks.USDT;
    private volatile boolean draftsUnavailable;
    private volatile boolean undelegationsRefused;
    /** Blocks 1..head, oldest first. */
    private final List<Block> chain = new ArrayList<>();
    private volatile long solidified;
    private final List<String> apiKeys = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Long, AtomicInteger> infoRequests = new ConcurrentHashMap<>();
    /** Per block, the transaction-info requests answered (their answer read from the chain as it was then). */
    private final ConcurrentHashMap<Long, AtomicInteger> infosAnswered = new ConcurrentHashMap<>();
    private final AtomicBoolean noInfosOnce = new AtomicBoolean();
    private volatile boolean infosOutOfOrder;
    private volatile CountDownLatch stalled;

    private TronTestNode(boolean wallet, boolean solidity) {
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .maxInboundMessageSize(64 * 1024 * 1024);
        ServerInterceptor recordApiKey = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                String key = headers.get(TronNode.API_KEY_HEADER);
                apiKeys.add(key == null ? "" : key);
                return next.startCall(call, headers);
            }
        };
        if (wallet) {
            builder.addService(ServerInterceptors.intercept(new Wallet(), recordApiKey));
        }
        if (solidity) {
            builder.addService(ServerInterceptors.intercept(new Solidity(), recordApiKey));
        }
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A full node that serves both services on one port. */
    public static TronTestNode start() {
        return new TronTestNode(true, true);
    }

    /** A node serving only {@code Wallet}, as java-tron's full-node port does. */
    static TronTestNode walletOnly() {
        return new TronTestNode(true, false);
    }

    /** A node serving only {@code WalletSolidity}, as java-tron's solidity port does. */
    static TronTestNode solidityOnly() {
        return new TronTestNode(false, true);
    }

    int port() {
        return server.getPort();
    }

    /** The endpoint url of this node: {@code 127.0.0.1:port}. */
    public String url() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    public synchronized void append(Block block) {
        if (block.number() != chain.size() + 1) {
            throw new IllegalArgumentException("block " + block.number() + " does not follow " + chain.size());
        }
        ByteString parent = chain.isEmpty() ? MainnetShapedBlocks.genesisId() : chain.get(chain.size() - 1).id();
        if (!block.block().getBlockHeader().getRawData().getParentHash().equals(parent)) {
            throw new IllegalArgumentException("block " + block.number() + " is not a child of the head");
        }
        chain.add(block);
    }

    /** Follows another branch from the first of {@code branch}'s blocks on: the blocks there are replaced. */
    synchronized void switchBranch(List<Block> branch) {
        long from = branch.get(0).number();
        while (chain.size() >= from) {
            chain.remove(chain.size() - 1);
        }
        branch.forEach(this::append);
    }

    public synchronized long chainLength() {
        return chain.size();
    }

    synchronized Block head() {
        return chain.get(chain.size() - 1);
    }

    synchronized Block block(long number) {
        return chain.get((int) number - 1);
    }

    public void solidify(long number) {
        solidified = number;
    }

    /** While set, {@code TriggerContract} fails as a node that cannot be reached does ({@code UNAVAILABLE}). */
    public void draftsUnavailable(boolean unavailable) {
        draftsUnavailable = unavailable;
    }

    /**
     * While set, {@code BroadcastTransaction} refuses undelegations as the network does when the owner has neither
     * bandwidth nor TRX to burn for them.
     */
    public void refuseUndelegations(boolean refused) {
        undelegationsRefused = refused;
    }

    /** The token contract whose transfers it executes (mainnet USDT unless told). */
    void token(String contract) {
        token = contract;
    }

    public synchronized void fund(String address, long sun) {
        trx.merge(key(address), sun, Long::sum);
    }

    /** Energy delegated to the account (from TRX the platform's resource account staked): used before TRX burns. */
    public synchronized void delegateEnergy(String address, long units) {
        energy.merge(key(address), units, Long::sum);
    }

    /** TRX (in SUN) the account stakes for energy, to delegate. */
    public synchronized void stakeForEnergy(String address, long sun) {
        staked.merge(key(address), sun, Long::sum);
    }

    /** SUN staked for energy that the account has not delegated. */
    public synchronized long stakedOf(String address) {
        return staked.getOrDefault(key(address), 0L);
    }

    /** SUN staked for energy the account can delegate now: not delegated, not held by the energy it used. */
    public synchronized long delegatableOf(String address) {
        long used = usage.getOrDefault(key(address), 0L);
        long held = (used + ENERGY_PER_TRX - 1) / ENERGY_PER_TRX * 1_000_000;
        return Math.max(0, staked.getOrDefault(key(address), 0L) - held);
    }

    /** SUN {@code owner} delegates to {@code receiver} now. */
    public synchronized long delegatedTo(String owner, String receiver) {
        return delegations.getOrDefault(List.of(key(owner), key(receiver)), 0L);
    }

    /** Energy the account has been delegated and not used. */
    public synchronized long energyOf(String address) {
        return energy.getOrDefault(key(address), 0L);
    }

    public synchronized void mint(String address, long baseUnits) {
        tokens.merge(key(address), BigInteger.valueOf(baseUnits), BigInteger::add);
    }

    public synchronized long trxOf(String address) {
        return trx.getOrDefault(key(address), 0L);
    }

    public synchronized long tokensOf(String address) {
        return tokens.getOrDefault(key(address), BigInteger.ZERO).longValueExact();
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    /**
     * Seals the next block at {@code at}, executing the transactions taken since the last one, in order, and makes
     * it the head.
     */
    synchronized Block produceBlock(java.time.Instant at) {
        List<MainnetShapedBlocks.Tx> executed = new ArrayList<>();
        List<Runnable> changes = new ArrayList<>();
        for (Transaction transaction : pending) {
            Delegation delegation = delegation(transaction);
            if (delegation != null && delegation.invalid().isPresent()) {
                continue; // no longer valid: dropped, as the network drops it
            }
            executed.add(execute(transaction, changes));
        }
        pending.clear();
        ByteString parent = chain.isEmpty() ? MainnetShapedBlocks.genesisId() : head().id();
        Block block = shapes.seal(chain.size() + 1, parent, executed, at);
        chain.add(block);
        undo.put(block.number(), changes);
        tokensAfter.put(block.number(), new HashMap<>(tokens));
        return block;
    }

    /**
     * Drops the head block, as a reorganisation onto a branch without it does: what its transactions did is undone,
     * and the node holds them no more (a sender hands them over again). The next block takes its number.
     *
     * @return the number of the block dropped
     * @throws IllegalStateException when the head is solidified: no reorganisation reaches it
     */
    public synchronized long orphanHead() {
        Block head = head();
        if (head.number() <= solidified) {
            throw new IllegalStateException("block " + head.number() + " is solidified");
        }
        List<Runnable> changes = undo.remove(head.number());
        for (int i = changes == null ? -1 : changes.size() - 1; i >= 0; i--) {
            changes.get(i).run();
        }
        chain.remove(chain.size() - 1);
        tokensAfter.remove(head.number());
        return head.number();
    }

    /** The block on the current branch that holds the transaction ({@code txid} hex), 0 when none does. */
    public synchronized long blockHolding(String txid) {
        String hex = txid.startsWith("0x") ? txid.substring(2) : txid;
        return info(ByteString.copyFrom(HEX.parseHex(hex))).getBlockNumber();
    }

    /** Seals the next block now. */
    Block produceBlock() {
        return produceBlock(java.time.Instant.now());
    }

    /** Seals the next block now; returns its number. */
    public long mine() {
        return produceBlock().number();
    }

    /** Seals the next block at {@code at}; returns its number. */
    public long mine(java.time.Instant at) {
        return produceBlock(at).number();
    }

    /**
     * A wallet's transfer of the token to {@code to}: built by the node, signed with {@code from}'s key, and taken
     * for the next block, as a customer's payment is.
     *
     * @return its transaction id, hex
     */
    public String pay(org.tron.trident.core.key.KeyPair from, String to, long baseUnits) {
        TriggerSmartContract call = TriggerSmartContract.newBuilder()
                .setOwnerAddress(key(from.toBase58CheckAddress()))
                .setContractAddress(key(token))
                .setData(ByteString.copyFrom(MainnetShapedBlocks.transferCall(to, BigInteger.valueOf(baseUnits))))
                .build();
        TransactionExtention built = build(call);
        byte[] txid = built.getTxid().toByteArray();
        Transaction signed = built.getTransaction().toBuilder().addSignature(ByteString.copyFrom(
                org.tron.trident.core.key.KeyPair.signTransaction(txid, from))).build();
        TransactionReturn taken = take(signed);
        if (!taken.getResult()) {
            throw new IllegalStateException("the payment was refused: " + taken.getCode() + " "
                                            + taken.getMessage().toStringUtf8());
        }
        return HEX.formatHex(txid);
    }

    /** Executes a taken transaction on the state; {@code changes} gets what undoes it. */
    private MainnetShapedBlocks.Tx execute(Transaction transaction, List<Runnable> changes) {
        Delegation delegation = delegation(transaction);
        if (delegation != null) {
            delegation.apply(changes);
            return resultOnly(transaction);
        }
        TransferContract coins = unpackTransfer(transaction);
        if (coins != null) {
            trx.merge(coins.getOwnerAddress(), -coins.getAmount(), Long::sum);
            trx.merge(coins.getToAddress(), coins.getAmount(), Long::sum);
            changes.add(() -> {
                trx.merge(coins.getToAddress(), -coins.getAmount(), Long::sum);
                trx.merge(coins.getOwnerAddress(), coins.getAmount(), Long::sum);
            });
            // As java-tron: a TRX transfer's receipt has no contract result; the info's result says it succeeded.
            TransactionInfo info = TransactionInfo.newBuilder().setId(txid(transaction)).setFee(0)
                    .setResult(TransactionInfo.code.SUCESS).setReceipt(ResourceReceipt.getDefaultInstance())
                    .build();
            TransactionExtention extention = TransactionExtention.newBuilder()
                    .setTransaction(transaction.toBuilder().clearRet().addRet(
                            Transaction.Result.newBuilder().setContractRet(contractResult.SUCCESS)))
                    .setTxid(txid(transaction)).setResult(TransactionReturn.newBuilder().setResult(true)).build();
            return new MainnetShapedBlocks.Tx(extention, info, List.of());
        }
        TriggerSmartContract call = unpack(transaction);
        ByteString owner = call.getOwnerAddress();
        long covered = Math.min(energy.getOrDefault(owner, 0L), TRANSFER_ENERGY);
        energy.merge(owner, -covered, Long::sum);
        long burned = (TRANSFER_ENERGY - covered) * SUN_PER_ENERGY;
        trx.merge(owner, -burned, Long::sum);
        changes.add(() -> {
            energy.merge(owner, covered, Long::sum);
            trx.merge(owner, burned, Long::sum);
        });
        Optional<Trc20Transfer> transfer = Trc20Transfer.ofCall(call);
        BigInteger balance = tokens.getOrDefault(owner, BigInteger.ZERO);
        boolean moves = transfer.isPresent() && call.getContractAddress().equals(key(token))
                        && balance.compareTo(transfer.get().value()) >= 0;
        TransactionInfo.Builder info = TransactionInfo.newBuilder()
                .setId(txid(transaction))
                .setFee(burned)
                .setContractAddress(call.getContractAddress())
                .setReceipt(ResourceReceipt.newBuilder().setEnergyUsageTotal(TRANSFER_ENERGY).setEnergyUsage(covered)
                                           .setEnergyFee(burned)
                                           .setResult(moves ? contractResult.SUCCESS : contractResult.REVERT));
        if (moves) {
            BigInteger value = transfer.get().value();
            ByteString to = key(transfer.get().to());
            tokens.put(owner, balance.subtract(value));
            tokens.merge(to, value, BigInteger::add);
            changes.add(() -> {
                tokens.merge(to, value.negate(), BigInteger::add);
                tokens.merge(owner, value, BigInteger::add);
            });
            info.addLog(MainnetShapedBlocks.transferLog(token, TronAddresses.toBase58(owner), transfer.get().to(),
                                                        value));
        }
        TransactionExtention extention = TransactionExtention.newBuilder()
                .setTransaction(transaction.toBuilder().clearRet().addRet(
                        Transaction.Result.newBuilder().setContractRet(moves ? contractResult.SUCCESS
                                                                             : contractResult.REVERT)))
                .setTxid(txid(transaction))
                .setResult(TransactionReturn.newBuilder().setResult(true))
                .build();
        return new MainnetShapedBlocks.Tx(extention, info.build(), List.of());
    }

    /** A transaction that runs no code, and succeeded: its info says so; it costs nothing here. */
    private static MainnetShapedBlocks.Tx resultOnly(Transaction transaction) {
        TransactionInfo info = TransactionInfo.newBuilder().setId(txid(transaction)).setFee(0)
                .setResult(TransactionInfo.code.SUCESS).setReceipt(ResourceReceipt.getDefaultInstance()).build();
        TransactionExtention extention = TransactionExtention.newBuilder()
                .setTransaction(transaction.toBuilder().clearRet().addRet(Transaction.Result.newBuilder()
                        .setContractRet(contractResult.SUCCESS)))
                .setTxid(txid(transaction)).setResult(TransactionReturn.newBuilder().setResult(true)).build();
        return new MainnetShapedBlocks.Tx(extention, info, List.of());
    }

    /**
     * A delegation of staked energy, or its undelegation ({@code takenBack}), as the network validates and applies
     * it (the node's lock held).
     */
    private record Delegation(TronTestNode node, boolean takenBack, ByteString owner, ByteString receiver,
                              Common.ResourceCode resource, long sun) {

        Optional<String> invalid() {
            if (resource != Common.ResourceCode.ENERGY) {
                return Optional.of("only energy is staked here");
            }
            if (takenBack) {
                if (sun <= 0) {
                    return Optional.of("unDelegateBalance must be more than 0 TRX");
                }
                return node.delegations.getOrDefault(List.of(owner, receiver), 0L) < sun
                        ? Optional.of("insufficient delegatedFrozenBalance(Energy), request=" + sun)
                        : Optional.empty();
            }
            if (sun < 1_000_000) {
                return Optional.of("delegateBalance must be greater than or equal to 1 TRX");
            }
            if (!node.trx.containsKey(receiver)) {
                return Optional.of("Account[" + TronAddresses.toBase58(receiver) + "] not exists");
            }
            return node.delegatableOf(TronAddresses.toBase58(owner)) < sun
                    ? Optional.of("delegateBalance must be less than or equal to available FreezeEnergyV2 balance")
                    : Optional.empty();
        }

        void apply(List<Runnable> changes) {
            long sign = takenBack ? -1 : 1;
            long delegated = sun / 1_000_000 * ENERGY_PER_TRX;
            long units = Math.min(delegated, takenBack ? node.energy.getOrDefault(receiver, 0L) : Long.MAX_VALUE);
            long used = takenBack ? delegated - units : 0;
            List<ByteString> pair = List.of(owner, receiver);
            node.staked.merge(owner, -sign * sun, Long::sum);
            node.delegations.merge(pair, sign * sun, Long::sum);
            node.energy.merge(receiver, sign * units, Long::sum);
            node.usage.merge(owner, used, Long::sum);
            changes.add(() -> {
                node.usage.merge(owner, -used, Long::sum);
                node.energy.merge(receiver, -sign * units, Long::sum);
                node.delegations.merge(pair, -sign * sun, Long::sum);
                node.staked.merge(owner, sign * sun, Long::sum);
            });
        }
    }

    private synchronized TransactionExtention build(TriggerSmartContract call) {
        if (chain.isEmpty()) {
            return TransactionExtention.newBuilder().setResult(TransactionReturn.newBuilder().setResult(false)
                    .setCode(TransactionReturn.response_code.OTHER_ERROR)
                    .setMessage(ByteString.copyFromUtf8("no block yet"))).build();
        }
        Block head = head();
        long time = head.block().getBlockHeader().getRawData().getTimestamp();
        Transaction.raw raw = Transaction.raw.newBuilder()
                .setRefBlockBytes(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(head.number()).array(), 6, 2))
                .setRefBlockHash(head.id().substring(8, 16))
                .setExpiration(time + EXPIRATION_MILLIS)
                .setTimestamp(time)
                .addContract(Transaction.Contract.newBuilder()
                                     .setType(Transaction.Contract.ContractType.TriggerSmartContract)
                                     .setParameter(Any.pack(call)))
                .build();
        Transaction transaction = Transaction.newBuilder().setRawData(raw).build();
        return TransactionExtention.newBuilder().setTransaction(transaction).setTxid(txid(transaction))
                .setResult(TransactionReturn.newBuilder().setResult(true)).build();
    }

    /**
     * Runs a call without taking it: {@code balanceOf} of the token answers from the current state, or from the
     * solidified one ({@code solid}); a token transfer reverts when the owner is short, and uses
     * {@link #TRANSFER_ENERGY}.
     */
    private synchronized TransactionExtention simulate(TriggerSmartContract call, boolean solid) {
        byte[] data = call.getData().toByteArray();
        if (data.length == 36 && HEX.formatHex(data, 0, 4).equals("70a08231")
            && call.getContractAddress().equals(key(token))) {
            byte[] who = new byte[21];
            who[0] = TronAddresses.PREFIX;
            System.arraycopy(data, 16, who, 1, 20);
            Map<ByteString, BigInteger> state = solid ? tokensAfter.getOrDefault(solidified, Map.of()) : tokens;
            byte[] word = new byte[32];
            byte[] value = state.getOrDefault(ByteString.copyFrom(who), BigInteger.ZERO).toByteArray();
            int length = Math.min(value.length, 32);
            System.arraycopy(value, value.length - length, word, 32 - length, length);
            return TransactionExtention.newBuilder().addConstantResult(ByteString.copyFrom(word))
                    .setResult(TransactionReturn.newBuilder().setResult(true)).build();
        }
        return simulateTransfer(call);
    }

    private TransactionExtention simulateTransfer(TriggerSmartContract call) {
        Optional<Trc20Transfer> transfer = Trc20Transfer.ofCall(call);
        boolean succeeds = transfer.isPresent() && call.getContractAddress().equals(key(token))
                           && tokens.getOrDefault(call.getOwnerAddress(), BigInteger.ZERO)
                                    .compareTo(transfer.get().value()) >= 0;
        Transaction result = Transaction.newBuilder().addRet(Transaction.Result.newBuilder().setContractRet(
                succeeds ? contractResult.SUCCESS : contractResult.REVERT)).build();
        return TransactionExtention.newBuilder().setTransaction(result).setEnergyUsed(TRANSFER_ENERGY)
                .setResult(TransactionReturn.newBuilder().setResult(true).setMessage(
                        ByteString.copyFromUtf8(succeeds ? "" : "REVERT opcode executed")))
                .build();
    }

    private synchronized TransactionReturn take(Transaction transaction) {
        long headTime = chain.isEmpty() ? 0 : head().block().getBlockHeader().getRawData().getTimestamp();
        ByteString id = txid(transaction);
        if (transaction.getRawData().getExpiration() <= headTime) {
            return refusal(TransactionReturn.response_code.TRANSACTION_EXPIRATION_ERROR, "transaction expired");
        }
        if (pending.stream().anyMatch(t -> txid(t).equals(id)) || info(id).getBlockNumber() > 0) {
            return refusal(TransactionReturn.response_code.DUP_TRANSACTION_ERROR, "dup transaction");
        }
        TransferContract coins = unpackTransfer(transaction);
        if (coins != null) {
            if (transaction.getSignatureCount() != 1
                || !signedBy(id, transaction.getSignature(0), coins.getOwnerAddress())) {
                return refusal(TransactionReturn.response_code.SIGERROR, "validate signature error");
            }
            if (trx.getOrDefault(coins.getOwnerAddress(), 0L) < coins.getAmount()) {
                return refusal(TransactionReturn.response_code.CONTRACT_VALIDATE_ERROR,
                               "Validate TransferContract error, balance is not sufficient");
            }
            pending.add(transaction);
            return TransactionReturn.newBuilder().setResult(true)
                    .setCode(TransactionReturn.response_code.SUCCESS).build();
        }
        Delegation delegation = delegation(transaction);
        if (delegation != null) {
            if (transaction.getSignatureCount() != 1
                || !signedBy(id, transaction.getSignature(0), delegation.owner())) {
                return refusal(TransactionReturn.response_code.SIGERROR, "validate signature error");
            }
            Optional<String> invalid = delegation.takenBack() && undelegationsRefused
                    ? Optional.of("Account resource insufficient error.") : delegation.invalid();
            if (invalid.isPresent()) {
                return refusal(TransactionReturn.response_code.CONTRACT_VALIDATE_ERROR, invalid.get());
            }
            pending.add(transaction);
            return TransactionReturn.newBuilder().setResult(true)
                    .setCode(TransactionReturn.response_code.SUCCESS).build();
        }
        TriggerSmartContract call = unpack(transaction);
        if (call == null) {
            return refusal(TransactionReturn.response_code.CONTRACT_VALIDATE_ERROR, "not a contract call");
        }
        ByteString owner = call.getOwnerAddress();
        if (transaction.getSignatureCount() != 1 || !signedBy(id, transaction.getSignature(0), owner)) {
            return refusal(TransactionReturn.response_code.SIGERROR, "validate signature error");
        }
        long uncovered = Math.max(0, TRANSFER_ENERGY - energy.getOrDefault(owner, 0L));
        if (trx.getOrDefault(owner, 0L) < uncovered * SUN_PER_ENERGY) {
            return refusal(TransactionReturn.response_code.CONTRACT_VALIDATE_ERROR,
                           "account resource insufficient: balance is not sufficient");
        }
        pending.add(transaction);
        return TransactionReturn.newBuilder().setResult(true).setCode(TransactionReturn.response_code.SUCCESS)
                .build();
    }

    /** The info of the transaction in the block on the current branch that holds it, or an empty one. */
    private synchronized TransactionInfo info(ByteString id) {
        for (int i = chain.size() - 1; i >= 0; i--) {
            for (TransactionInfo info : chain.get(i).infos().getTransactionInfoList()) {
                if (info.getId().equals(id)) {
                    return info;
                }
            }
        }
        return TransactionInfo.getDefaultInstance();
    }

    /** Whether the signature over the txid recovers to {@code owner}'s key. */
    private static boolean signedBy(ByteString txid, ByteString signature, ByteString owner) {
        if (signature.size() != 65) {
            return false;
        }
        byte[] bytes = signature.toByteArray();
        byte v = bytes[64] < 27 ? (byte) (bytes[64] + 27) : bytes[64];
        try {
            BigInteger key = Sign.signedMessageHashToKey(txid.toByteArray(), new Sign.SignatureData(
                    v, Arrays.copyOfRange(bytes, 0, 32), Arrays.copyOfRange(bytes, 32, 64)));
            byte[] address = new byte[21];
            address[0] = TronAddresses.PREFIX;
            System.arraycopy(HEX.parseHex(Keys.getAddress(key)), 0, address, 1, 20);
            return ByteString.copyFrom(address).equals(owner);
        } catch (java.security.SignatureException | RuntimeException e) {
            return false;
        }
    }

    private static TransactionReturn refusal(TransactionReturn.response_code code, String message) {
        return TransactionReturn.newBuilder().setResult(false).setCode(code)
                .setMessage(ByteString.copyFromUtf8(message)).build();
    }

    private static TriggerSmartContract unpack(Transaction transaction) {
        Transaction.raw raw = transaction.getRawData();
        if (raw.getContractCount() != 1
            || raw.getContract(0).getType() != Transaction.Contract.ContractType.TriggerSmartContract) {
            return null;
        }
        try {
            return raw.getContract(0).getParameter().unpack(TriggerSmartContract.class);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    /** The transaction's delegation or undelegation of staked resources, or null when it is neither. */
    private Delegation delegation(Transaction transaction) {
        Transaction.raw raw = transaction.getRawData();
        if (raw.getContractCount() != 1) {
            return null;
        }
        try {
            return switch (raw.getContract(0).getType()) {
                case DelegateResourceContract -> {
                    DelegateResourceContract delegate = raw.getContract(0).getParameter()
                            .unpack(DelegateResourceContract.class);
                    yield new Delegation(this, false, delegate.getOwnerAddress(), delegate.getReceiverAddress(),
                                         delegate.getResource(), delegate.getBalance());
                }
                case UnDelegateResourceContract -> {
                    UnDelegateResourceContract back = raw.getContract(0).getParameter()
                            .unpack(UnDelegateResourceContract.class);
                    yield new Delegation(this, true, back.getOwnerAddress(), back.getReceiverAddress(),
                                         back.getResource(), back.getBalance());
                }
                default -> null;
            };
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    private static TransferContract unpackTransfer(Transaction transaction) {
        Transaction.raw raw = transaction.getRawData();
        if (raw.getContractCount() != 1
            || raw.getContract(0).getType() != Transaction.Contract.ContractType.TransferContract) {
            return null;
        }
        try {
            return raw.getContract(0).getParameter().unpack(TransferContract.class);
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }

    private static ByteString txid(Transaction transaction) {
        try {
            return ByteString.copyFrom(MessageDigest.getInstance("SHA-256")
                                                    .digest(transaction.getRawData().toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ByteString key(String address) {
        return ByteString.copyFrom(TronAddresses.fromBase58(address));
    }

    List<String> apiKeysSeen() {
        return List.copyOf(apiKeys);
    }

    int infoRequests(long number) {
        AtomicInteger count = infoRequests.get(number);
        return count == null ? 0 : count.get();
    }

    int infosAnswered(long number) {
        AtomicInteger count = infosAnswered.get(number);
        return count == null ? 0 : count.get();
    }

    /**
     * Transaction infos are answered in reverse order and only for contract calls (as a node behind a cache or an
     * indexer may), not one per transaction in the block's order.
     */
    void answerInfosOutOfOrder(boolean outOfOrder) {
        infosOutOfOrder = outOfOrder;
    }

    /** The next transaction-info request is answered as by a node that has not got the block yet: no infos. */
    void answerNoInfosOnce() {
        noInfosOnce.set(true);
    }

    /** Calls wait (without answering) until {@link #resume()}. */
    void stall() {
        stalled = new CountDownLatch(1);
    }

    void resume() {
        CountDownLatch latch = stalled;
        stalled = null;
        if (latch != null) {
            latch.countDown();
        }
    }

    @Override
    public void close() {
        resume();
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void waitIfStalled() {
        CountDownLatch latch = stalled;
        if (latch != null) {
            try {
                latch.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized BlockExtention headBlock() {
        return chain.isEmpty() ? BlockExtention.getDefaultInstance() : head().block();
    }

    private synchronized BlockExtention blockAt(long number) {
        return number < 1 || number > chain.size() ? BlockExtention.getDefaultInstance() : block(number).block();
    }

    private synchronized TransactionInfoList infosAt(long number) {
        return number < 1 || number > chain.size() ? TransactionInfoList.getDefaultInstance() : block(number).infos();
    }

    private synchronized BlockExtention solidBlock() {
        return solidified < 1 || solidified > chain.size() ? BlockExtention.getDefaultInstance()
                : block(solidified).block();
    }

    private final class Wallet extends WalletGrpc.WalletImplBase {
        @Override
        public void triggerContract(TriggerSmartContract request, StreamObserver<TransactionExtention> response) {
            if (draftsUnavailable) {
                response.onError(io.grpc.Status.UNAVAILABLE.withDescription("node down").asRuntimeException());
                return;
            }
            response.onNext(build(request));
            response.onCompleted();
        }

        @Override
        public void triggerConstantContract(TriggerSmartContract request,
                                            StreamObserver<TransactionExtention> response) {
            response.onNext(simulate(request, false));
            response.onCompleted();
        }

        @Override
        public void getAccount(AccountAddressMessage request, StreamObserver<Account> response) {
            response.onNext(account(request.getAddress()));
            response.onCompleted();
        }

        @Override
        public void getChainParameters(EmptyMessage request, StreamObserver<ChainParameters> response) {
            response.onNext(ChainParameters.newBuilder()
                    .addChainParameter(ChainParameters.ChainParameter.newBuilder().setKey("getEnergyFee")
                                               .setValue(SUN_PER_ENERGY))
                    .addChainParameter(ChainParameters.ChainParameter.newBuilder().setKey("getTransactionFee")
                                               .setValue(SUN_PER_BYTE))
                    .build());
            response.onCompleted();
        }

        @Override
        public void getAccountResource(AccountAddressMessage request,
                                       StreamObserver<AccountResourceMessage> response) {
            response.onNext(AccountResourceMessage.newBuilder().setTotalEnergyLimit(TOTAL_ENERGY_LIMIT)
                                    .setTotalEnergyWeight(TOTAL_ENERGY_WEIGHT)
                                    .setEnergyLimit(energyOf(TronAddresses.toBase58(request.getAddress())))
                                    .build());
            response.onCompleted();
        }

        @Override
        public void getCanDelegatedMaxSize(CanDelegatedMaxSizeRequestMessage request,
                                           StreamObserver<CanDelegatedMaxSizeResponseMessage> response) {
            long max = request.getType() == Common.ResourceCode.ENERGY_VALUE
                    ? delegatableOf(TronAddresses.toBase58(request.getOwnerAddress())) : 0;
            response.onNext(CanDelegatedMaxSizeResponseMessage.newBuilder().setMaxSize(max).build());
            response.onCompleted();
        }

        @Override
        public void getDelegatedResourceV2(DelegatedResourceMessage request,
                                           StreamObserver<DelegatedResourceList> response) {
            long sun = delegatedTo(TronAddresses.toBase58(request.getFromAddress()),
                                   TronAddresses.toBase58(request.getToAddress()));
            DelegatedResourceList.Builder list = DelegatedResourceList.newBuilder();
            if (sun > 0) {
                list.addDelegatedResource(DelegatedResource.newBuilder().setFrom(request.getFromAddress())
                                                  .setTo(request.getToAddress()).setFrozenBalanceForEnergy(sun));
            }
            response.onNext(list.build());
            response.onCompleted();
        }

        @Override
        public void broadcastTransaction(Transaction request, StreamObserver<TransactionReturn> response) {
            response.onNext(take(request));
            response.onCompleted();
        }

        @Override
        public void getTransactionInfoById(BytesMessage request, StreamObserver<TransactionInfo> response) {
            response.onNext(info(request.getValue()));
            response.onCompleted();
        }

        @Override
        public void getNowBlock2(EmptyMessage request, StreamObserver<BlockExtention> response) {
            waitIfStalled();
            response.onNext(headBlock());
            response.onCompleted();
        }

        @Override
        public void getBlockByNum2(NumberMessage request, StreamObserver<BlockExtention> response) {
            waitIfStalled();
            response.onNext(blockAt(request.getNum()));
            response.onCompleted();
        }

        @Override
        public void getTransactionInfoByBlockNum(NumberMessage request,
                                                 StreamObserver<TransactionInfoList> response) {
            waitIfStalled();
            infoRequests.computeIfAbsent(request.getNum(), n -> new AtomicInteger()).incrementAndGet();
            TransactionInfoList infos = noInfosOnce.compareAndSet(true, false)
                    ? TransactionInfoList.getDefaultInstance() : infosAt(request.getNum());
            if (infosOutOfOrder) {
                List<TransactionInfo> calls = new ArrayList<>(infos.getTransactionInfoList().stream()
                        .filter(info -> !info.getContractAddress().isEmpty()).toList());
                Collections.reverse(calls);
                infos = TransactionInfoList.newBuilder().addAllTransactionInfo(calls).build();
            }
            infosAnswered.computeIfAbsent(request.getNum(), n -> new AtomicInteger()).incrementAndGet();
            response.onNext(infos);
            response.onCompleted();
        }
    }

    private synchronized Account account(ByteString address) {
        return Account.newBuilder().setAddress(address).setBalance(trx.getOrDefault(address, 0L)).build();
    }

    private final class Solidity extends WalletSolidityGrpc.WalletSolidityImplBase {
        @Override
        public void triggerConstantContract(TriggerSmartContract request,
                                            StreamObserver<TransactionExtention> response) {
            response.onNext(simulate(request, true));
            response.onCompleted();
        }

        @Override
        public void getNowBlock2(EmptyMessage request, StreamObserver<BlockExtention> response) {
            waitIfStalled();
            response.onNext(solidBlock());
            response.onCompleted();
        }
    }
}
