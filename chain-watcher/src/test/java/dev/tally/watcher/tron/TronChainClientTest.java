package dev.tally.watcher.tron;

import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.watcher.chain.ChainBlock;
import dev.tally.watcher.chain.ChainClient;
import dev.tally.watcher.chain.ChainClientFactory;
import dev.tally.watcher.chain.ChainEndpoint;
import dev.tally.watcher.chain.ChainTransfer;
import dev.tally.watcher.tron.MainnetShapedBlocks.Block;
import dev.tally.watcher.tron.MainnetShapedBlocks.Tx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.tron.trident.proto.Chain.Transaction.Result.contractResult;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

import static dev.tally.watcher.tron.MainnetShapedBlocks.USDT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link TronChainClient} against {@link TronTestNode}, a gRPC node serving mainnet-shaped blocks. */
class TronChainClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final MainnetShapedBlocks blocks = new MainnetShapedBlocks(20261121L);
    private final TronChainClientFactory factory = new TronChainClientFactory();
    private final List<TronTestNode> nodes = new ArrayList<>();
    private TronTestNode node;

    @BeforeEach
    void startNode() {
        node = started(TronTestNode.start());
    }

    @AfterEach
    void stop() {
        factory.close();
        nodes.forEach(TronTestNode::close);
    }

    private TronTestNode started(TronTestNode started) {
        nodes.add(started);
        return started;
    }

    private static ChainEndpoint endpoint(String url, Duration timeout, String apiKey) {
        return new ChainEndpoint("tron", Chain.TRON, url, timeout, Set.of(USDT), apiKey);
    }

    private TronChainClient client() {
        return factory.connect(endpoint(node.url(), TIMEOUT, null));
    }

    /** Blocks 1..count of everyday traffic, with {@code planted} in the last one. */
    private Block grow(int count, List<Tx> planted) {
        for (int n = 1; n <= count; n++) {
            Block parent = n == 1 ? null : node.head();
            node.append(blocks.block(n, parent == null ? MainnetShapedBlocks.genesisId() : parent.id(),
                                     n == count ? planted : List.of()));
        }
        return node.head();
    }

    @Test
    void aBlockIsTranslatedWithExactlyItsUsdtTransfersInLogOrder() {
        String deposit = blocks.account();
        Tx direct = blocks.usdtTransfer(blocks.account(), deposit, BigInteger.valueOf(150_000_000));
        Tx routed = blocks.usdtThroughRouter(deposit, BigInteger.valueOf(20_500_000));
        Tx reverted = blocks.failedUsdtTransfer(blocks.account(), deposit, BigInteger.valueOf(10_000_000),
                                                contractResult.REVERT);
        Tx outOfEnergy = blocks.failedUsdtTransfer(blocks.account(), deposit, BigInteger.valueOf(12_000_000),
                                                   contractResult.OUT_OF_ENERGY);
        Tx spam = blocks.zeroValueTransferFrom(blocks.account(), deposit);
        Tx lookalike = blocks.lookalikeTransfer(blocks.account(), deposit, BigInteger.valueOf(150_000_000));
        Tx trx = blocks.trxTransfer(blocks.account(), deposit, 150_000_000);
        Block served = grow(3, List.of(direct, routed, reverted, outOfEnergy, spam, lookalike, trx));
        assertThat(served.transactions()).hasSize(MainnetShapedBlocks.TRANSACTIONS_PER_BLOCK);

        ChainBlock block = client().block(3).orElseThrow();

        assertThat(block.number()).isEqualTo(3);
        assertThat(block.hash()).isEqualTo(served.hash()).hasSize(64).startsWith("0000000000000003");
        assertThat(block.parentHash()).isEqualTo(node.block(2).hash());
        assertThat(block.time()).isEqualTo(MainnetShapedBlocks.GENESIS.plusSeconds(9));
        // Every USDT transfer of the block, everyday ones included, in transaction and log order; nothing else.
        assertThat(block.transfers()).containsExactlyElementsOf(served.usdtTransfers());
        assertThat(block.transfers()).hasSizeGreaterThan(150)
                                     .allSatisfy(t -> assertThat(t.tokenContract()).isEqualTo(USDT));

        assertThat(block.transfers()).filteredOn(t -> t.to().equals(deposit)).containsExactlyInAnyOrder(
                new ChainTransfer(Chain.TRON, direct.hash(), 0, USDT, direct.usdtTransfers().get(0).from(), deposit,
                                  TokenAmount.parse("150", Asset.USDT), true),
                new ChainTransfer(Chain.TRON, routed.hash(), 1, USDT, routed.usdtTransfers().get(0).from(), deposit,
                                  TokenAmount.parse("20.5", Asset.USDT), true),
                new ChainTransfer(Chain.TRON, reverted.hash(), 0, USDT, reverted.usdtTransfers().get(0).from(),
                                  deposit, TokenAmount.parse("10", Asset.USDT), false),
                new ChainTransfer(Chain.TRON, outOfEnergy.hash(), 0, USDT, outOfEnergy.usdtTransfers().get(0).from(),
                                  deposit, TokenAmount.parse("12", Asset.USDT), false),
                new ChainTransfer(Chain.TRON, spam.hash(), 0, USDT, spam.usdtTransfers().get(0).from(), deposit,
                                  TokenAmount.zero(Asset.USDT), true));
        assertThat(block.transfers()).extracting(ChainTransfer::txHash)
                                     .doesNotContain(lookalike.hash(), trx.hash());

        // Infos in another order, only the contract calls': matched by id, the same block.
        node.answerInfosOutOfOrder(true);
        assertThat(client().block(3).orElseThrow().transfers()).containsExactlyElementsOf(block.transfers());
    }

    @Test
    void aValueBeyondALongIsSkippedAndTheRestOfTheBlockIsStillReturned() {
        String deposit = blocks.account();
        Tx huge = blocks.usdtTransfer(blocks.account(), deposit, BigInteger.TWO.pow(64).add(BigInteger.ONE));
        Tx fine = blocks.usdtTransfer(blocks.account(), deposit, BigInteger.valueOf(1_000_001));
        Block served = grow(1, List.of(huge, fine));

        ChainBlock block = client().block(1).orElseThrow();

        assertThat(block.transfers()).extracting(ChainTransfer::txHash).doesNotContain(huge.hash());
        assertThat(block.transfers()).filteredOn(t -> t.to().equals(deposit)).singleElement()
                                     .satisfies(t -> assertThat(t.amount()).isEqualTo(
                                             TokenAmount.parse("1.000001", Asset.USDT)));
        assertThat(block.transfers()).containsExactlyElementsOf(served.usdtTransfers());
    }

    @Test
    void headAndBlocksAboveIt() {
        grow(4, List.of());
        TronTestNode empty = started(TronTestNode.start());
        TronChainClient client = client();

        assertThat(client.headNumber()).isEqualTo(4);
        assertThat(client.block(5)).isEmpty();
        assertThat(client.block(4)).isPresent();
        assertThat(factory.connect(endpoint(empty.url(), TIMEOUT, null)).headNumber()).isZero();
    }

    @Test
    void theSolidifiedHeightIsReadFromWalletSolidity() {
        grow(8, List.of());
        node.solidify(6);
        assertThat(client().finalizedNumber()).isEqualTo(OptionalLong.of(6));

        // java-tron's layout: Wallet on one port, WalletSolidity on another, named by ?solidity=port.
        TronTestNode full = started(TronTestNode.walletOnly());
        TronTestNode solidity = started(TronTestNode.solidityOnly());
        for (int n = 1; n <= 8; n++) {
            full.append(node.block(n));
            solidity.append(node.block(n));
        }
        solidity.solidify(6);
        TronChainClient split = factory.connect(endpoint(full.url() + "?solidity=" + solidity.port(), TIMEOUT,
                                                         null));
        assertThat(split.headNumber()).isEqualTo(8);
        assertThat(split.finalizedNumber()).isEqualTo(OptionalLong.of(6));

        // Without it, a full-node port does not say: unknown, not an error.
        TronChainClient fullOnly = factory.connect(endpoint(full.url(), TIMEOUT, null));
        assertThat(fullOnly.finalizedNumber()).isEmpty();
    }

    @Test
    void theApiKeyIsSentWithEveryCallWhenSet() {
        grow(2, List.of());
        TronChainClient keyed = factory.connect(endpoint(node.url(), TIMEOUT, "0f3a-test-key"));
        keyed.headNumber();
        keyed.block(2);
        keyed.finalizedNumber();
        assertThat(node.apiKeysSeen()).hasSizeGreaterThanOrEqualTo(3).containsOnly("0f3a-test-key");

        TronTestNode other = started(TronTestNode.start());
        factory.connect(endpoint(other.url(), TIMEOUT, null)).headNumber();
        assertThat(other.apiKeysSeen()).containsExactly("");
    }

    @Test
    void aNodeThatIsDownFailsTheCallsNotTheConnecting() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = InetAddress.getLoopbackAddress().getHostAddress() + ":" + port;
        TronChainClient client = factory.connect(endpoint(url, TIMEOUT, null));

        assertThatThrownBy(client::headNumber).isInstanceOf(TronNodeException.class)
                                              .hasMessageContaining("Tron node " + url)
                                              .hasMessageContaining("GetNowBlock2 failed: UNAVAILABLE");
        assertThatThrownBy(() -> client.block(1)).isInstanceOf(TronNodeException.class)
                                                 .hasMessageContaining("GetBlockByNum2(1) failed");
        assertThatThrownBy(client::finalizedNumber).isInstanceOf(TronNodeException.class);
    }

    @Test
    void aCallThatOutlastsTheCallTimeoutFails() {
        grow(1, List.of());
        TronChainClient client = factory.connect(endpoint(node.url(), Duration.ofMillis(300), null));
        assertThat(client.headNumber()).isEqualTo(1);

        node.stall();
        try {
            assertThatThrownBy(client::headNumber).isInstanceOf(TronNodeException.class)
                                                  .hasMessageContaining("DEADLINE_EXCEEDED");
        } finally {
            node.resume();
        }
        assertThat(client.headNumber()).isEqualTo(1);
    }

    @Test
    void infosThatDoNotMatchTheBlockAreReadAgain() {
        String deposit = blocks.account();
        Tx paid = blocks.usdtTransfer(blocks.account(), deposit, BigInteger.valueOf(5_000_000));
        grow(2, List.of(paid));
        node.answerNoInfosOnce();

        ChainBlock block = client().block(2).orElseThrow();

        assertThat(block.transfers()).filteredOn(t -> t.to().equals(deposit)).singleElement()
                                     .extracting(ChainTransfer::txHash).isEqualTo(paid.hash());
        assertThat(node.infoRequests(2)).isEqualTo(2);
    }

    @Test
    void aBlockWithoutContractCallsNeedsNoInfos() {
        Block parent = grow(1, List.of());
        List<Tx> trxOnly = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            trxOnly.add(blocks.trxTransfer(blocks.account(), blocks.account(), 1_000_000L + i));
        }
        node.append(blocks.seal(2, parent.id(), trxOnly));

        ChainBlock block = client().block(2).orElseThrow();

        assertThat(block.transfers()).isEmpty();
        assertThat(node.infoRequests(2)).isZero();
    }

    @Test
    void aClosedClientFailsItsCalls() {
        grow(1, List.of());
        TronChainClient client = client();
        assertThat(client.headNumber()).isEqualTo(1);
        client.close();
        assertThatThrownBy(client::headNumber).isInstanceOf(TronNodeException.class);

        TronChainClient connected = client();
        assertThat(connected.headNumber()).isEqualTo(1);
        factory.close();
        assertThatThrownBy(connected::headNumber).isInstanceOf(TronNodeException.class);
    }

    @Test
    void misconfiguredEndpointsAreRefusedWhenConnecting() {
        assertThatThrownBy(() -> factory.connect(endpoint("localhost", TIMEOUT, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected host:port");
        assertThatThrownBy(() -> factory.connect(endpoint("localhost:50051?solid=50061", TIMEOUT, null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown parameter");
        assertThatThrownBy(() -> factory.connect(new ChainEndpoint("tron", Chain.TRON, "localhost:50051", TIMEOUT,
                                                                   Set.of("0xdAC17F958D2ee523a2206206994597C13D831ec7"),
                                                                   null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Tron address");
        assertThatThrownBy(() -> factory.connect(new ChainEndpoint("eth", Chain.ETHEREUM, "localhost:50051", TIMEOUT,
                                                                   Set.of(USDT), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Tron endpoint");
        assertThat(TronNodeAddress.parse("grpc.trongrid.io:50051?solidity=50052"))
                .isEqualTo(new TronNodeAddress("grpc.trongrid.io:50051", "grpc.trongrid.io:50052"));
        assertThat(TronNodeAddress.parse("10.0.0.5:50051?solidity=10.0.0.6:50061"))
                .isEqualTo(new TronNodeAddress("10.0.0.5:50051", "10.0.0.6:50061"));
        assertThat(TronNodeAddress.parse("tron.example.com:443?tls=true"))
                .isEqualTo(new TronNodeAddress("tron.example.com:443", "tron.example.com:443", true));
        assertThatThrownBy(() -> TronNodeAddress.parse("localhost:50051?tls=yes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown parameter");
        assertThatThrownBy(() -> TronNodeAddress.parse("localhost:50051?solidity="))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown parameter");
        assertThatThrownBy(() -> TronNodeAddress.parse("localhost:99999"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected host:port");
    }

    @Test
    void theAdapterConfigurationOffersAFactoryOfTypeTronWhoseClientsCloseWithTheContext() {
        grow(1, List.of());
        List<ChainClient> connected = new ArrayList<>();
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TronAdapterConfiguration.class))
                .run(context -> {
                    assertThat(context).hasSingleBean(ChainClientFactory.class);
                    ChainClientFactory tron = context.getBean(ChainClientFactory.class);
                    assertThat(tron.type()).isEqualTo("tron");
                    connected.add(tron.connect(endpoint(node.url(), TIMEOUT, null)));
                    assertThat(connected.get(0).headNumber()).isEqualTo(1);
                });
        assertThatThrownBy(() -> connected.get(0).headNumber()).isInstanceOf(TronNodeException.class);
    }
}
