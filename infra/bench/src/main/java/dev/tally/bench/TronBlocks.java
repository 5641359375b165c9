package dev.tally.bench;

import com.google.protobuf.ByteString;
import dev.tally.watcher.tron.MainnetShapedBlocks;
import dev.tally.watcher.tron.MainnetShapedBlocks.Block;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import org.tron.trident.api.GrpcAPI.NumberMessage;
import org.tron.trident.api.WalletGrpc;

import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Tron scan's chain: mainnet-shaped blocks (about 350 transactions each, most of them USDT transfers to
 * addresses nobody watches), built by the tests' generator, and the raw limit of reading them: a loop of trident's
 * own stub fetching each block and its transaction infos, the two calls the scanner makes per block.
 */
final class TronBlocks {
    /** What each planted payment pays: the bench's invoices are of 12.50 USDT. */
    static final BigInteger INVOICE_AMOUNT = BigInteger.valueOf(12_500_000);

    private TronBlocks() {
    }

    /**
     * Blocks 1..{@code count}, 1 ms apart from {@code firstTime} (a block's time must not be ahead of the launcher's
     * clock, or the scanner waits for it); every {@code paidEvery}-th block also pays one of {@code addresses} in
     * full, in turn.
     */
    static List<Block> build(int count, List<String> addresses, int paidEvery, Instant firstTime) {
        MainnetShapedBlocks generator = new MainnetShapedBlocks(20261208L);
        List<Block> blocks = new ArrayList<>(count);
        ByteString parent = MainnetShapedBlocks.genesisId();
        for (int number = 1; number <= count; number++) {
            List<MainnetShapedBlocks.Tx> planted = number % paidEvery == 0
                    ? List.of(generator.usdtTransfer(generator.account(),
                                                     addresses.get((number / paidEvery - 1) % addresses.size()),
                                                     INVOICE_AMOUNT))
                    : List.of();
            Block block = generator.block(number, parent, planted, firstTime.plusMillis(number));
            blocks.add(block);
            parent = block.id();
        }
        return blocks;
    }

    /** The transactions and USDT transfers of the blocks, per block on average. */
    static double[] perBlock(List<Block> blocks) {
        double transactions = blocks.stream().mapToInt(b -> b.block().getTransactionsCount()).average().orElse(0);
        double transfers = blocks.stream().mapToInt(b -> b.usdtTransfers().size()).average().orElse(0);
        return new double[] {transactions, transfers};
    }

    /**
     * Blocks a second of one thread fetching blocks {@code from..to} and their infos from the node at {@code url}.
     */
    static double rawFetch(String url, long from, long to) throws InterruptedException {
        ManagedChannel channel = ManagedChannelBuilder.forTarget(url).usePlaintext()
                                                      .maxInboundMessageSize(64 * 1024 * 1024).build();
        try {
            WalletGrpc.WalletBlockingStub wallet = WalletGrpc.newBlockingStub(channel);
            long start = System.nanoTime();
            long bytes = 0;
            for (long number = from; number <= to; number++) {
                NumberMessage request = NumberMessage.newBuilder().setNum(number).build();
                bytes += wallet.getBlockByNum2(request).getSerializedSize();
                bytes += wallet.getTransactionInfoByBlockNum(request).getSerializedSize();
            }
            if (bytes == 0) {
                throw new IllegalStateException("the node answered empty blocks");
            }
            return (to - from + 1) / ((System.nanoTime() - start) / 1e9);
        } finally {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }
}
