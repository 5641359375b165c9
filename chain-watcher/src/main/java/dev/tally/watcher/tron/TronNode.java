package dev.tally.watcher.tron;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.tally.watcher.chain.ChainEndpoint;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import org.tron.trident.api.WalletGrpc;
import org.tron.trident.api.WalletSolidityGrpc;

/**
 * One Tron node's two gRPC services as an endpoint names them: the {@code Wallet} and {@code WalletSolidity}
 * channels (one when they share an address), their stubs with the endpoint's call timeout as deadline, its API key
 * sent as {@code TRON-PRO-API-KEY}, and calls that fail as a {@link TronNodeException} naming the node. Channels
 * connect on the first call, so a node that is down fails calls, not construction.
 */
final class TronNode implements AutoCloseable {
    /** TronGrid's header for an API key. */
    static final Metadata.Key<String> API_KEY_HEADER =
            Metadata.Key.of("TRON-PRO-API-KEY", Metadata.ASCII_STRING_MARSHALLER);
    /** A mainnet block with its transaction infos is a few MiB at most; gRPC's default limit is 4 MiB. */
    private static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    private final ChainEndpoint endpoint;
    private final TronNodeAddress address;
    private final ManagedChannel fullChannel;
    private final ManagedChannel solidityChannel;
    private final WalletGrpc.WalletBlockingStub wallet;
    private final WalletSolidityGrpc.WalletSolidityBlockingStub walletSolidity;

    /** @throws IllegalArgumentException when the endpoint's url is not {@code host:port[?solidity=...]} */
    TronNode(ChainEndpoint endpoint) {
        this.endpoint = endpoint;
        this.address = TronNodeAddress.parse(endpoint.url());
        this.fullChannel = channel(address.full(), address.tls(), endpoint.apiKey());
        this.solidityChannel = address.solidity().equals(address.full()) ? fullChannel
                : channel(address.solidity(), address.tls(), endpoint.apiKey());
        this.wallet = WalletGrpc.newBlockingStub(fullChannel);
        this.walletSolidity = WalletSolidityGrpc.newBlockingStub(solidityChannel);
    }

    private static ManagedChannel channel(String target, boolean tls, String apiKey) {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(target)
                                                         .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                                                         .userAgent("tally-chain-watcher");
        if (tls) {
            builder.useTransportSecurity();
        } else {
            builder.usePlaintext();
        }
        if (apiKey != null && !apiKey.isBlank()) {
            Metadata headers = new Metadata();
            headers.put(API_KEY_HEADER, apiKey);
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        return builder.build();
    }

    TronNodeAddress address() {
        return address;
    }

    WalletGrpc.WalletBlockingStub wallet() {
        return wallet.withDeadlineAfter(endpoint.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    WalletSolidityGrpc.WalletSolidityBlockingStub walletSolidity() {
        return walletSolidity.withDeadlineAfter(endpoint.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw failure(what, e);
        }
    }

    TronNodeException failure(String what, StatusRuntimeException e) {
        Status status = e.getStatus();
        return new TronNodeException(describe() + ": " + what + " failed: " + status.getCode()
                                     + (status.getDescription() == null ? "" : " (" + status.getDescription() + ")"),
                                     e);
    }

    String describe() {
        return "Tron node " + address.full() + " of " + endpoint.name();
    }

    /** Shuts the channels down; calls afterwards fail. */
    @Override
    public void close() {
        shutdown(fullChannel);
        if (solidityChannel != fullChannel) {
            shutdown(solidityChannel);
        }
    }

    private static void shutdown(ManagedChannel channel) {
        channel.shutdown();
        try {
            if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
                channel.shutdownNow();
            }
        } catch (InterruptedException e) {
            channel.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
