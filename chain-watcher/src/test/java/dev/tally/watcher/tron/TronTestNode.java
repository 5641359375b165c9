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
import org.tron.trident.api.GrpcAPI.EmptyMessage;
import org.tron.trident.api.GrpcAPI.NumberMessage;
import org.tron.trident.api.WalletGrpc;
import org.tron.trident.api.WalletSolidityGrpc;
import org.tron.trident.proto.Response.BlockExtention;
import org.tron.trident.proto.Response.TransactionInfoList;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
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
 * another branch from some height (a fork). Every other method answers UNIMPLEMENTED, as trident's generated base
 * classes do.
 */
final class TronTestNode implements AutoCloseable {
    private final Server server;
    /** Blocks 1..head, oldest first. */
    private final List<Block> chain = new ArrayList<>();
    private volatile long solidified;
    private final List<String> apiKeys = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Long, AtomicInteger> infoRequests = new ConcurrentHashMap<>();
    private final AtomicBoolean noInfosOnce = new AtomicBoolean();
    private volatile CountDownLatch stalled;

    private TronTestNode(boolean wallet, boolean solidity) {
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
                .maxInboundMessageSize(64 * 1024 * 1024);
        ServerInterceptor recordApiKey = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                               ServerCallHandler<Q, R> next) {
                String key = headers.get(TronChainClient.API_KEY_HEADER);
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
    static TronTestNode start() {
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
    String url() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    synchronized void append(Block block) {
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

    synchronized long chainLength() {
        return chain.size();
    }

    synchronized Block head() {
        return chain.get(chain.size() - 1);
    }

    synchronized Block block(long number) {
        return chain.get((int) number - 1);
    }

    void solidify(long number) {
        solidified = number;
    }

    List<String> apiKeysSeen() {
        return List.copyOf(apiKeys);
    }

    int infoRequests(long number) {
        AtomicInteger count = infoRequests.get(number);
        return count == null ? 0 : count.get();
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
            response.onNext(noInfosOnce.compareAndSet(true, false) ? TransactionInfoList.getDefaultInstance()
                                    : infosAt(request.getNum()));
            response.onCompleted();
        }
    }

    private final class Solidity extends WalletSolidityGrpc.WalletSolidityImplBase {
        @Override
        public void getNowBlock2(EmptyMessage request, StreamObserver<BlockExtention> response) {
            waitIfStalled();
            response.onNext(solidBlock());
            response.onCompleted();
        }
    }
}
