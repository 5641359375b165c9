package dev.tally.watcher.evm;

import com.sun.net.httpserver.HttpServer;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.watcher.chain.ChainBlock;
import dev.tally.watcher.chain.ChainEndpoint;
import dev.tally.watcher.chain.ChainTransfer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.tally.watcher.evm.DepositAddresses.DEPOSIT_0;
import static dev.tally.watcher.evm.DepositAddresses.DEPOSIT_1;
import static dev.tally.watcher.evm.DepositAddresses.DEPOSIT_2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** {@link EvmChainClient} against a real anvil node with Tally's test token. */
class EvmChainClientTest {
    private static final String CUSTOMER = Keys.toChecksumAddress(AnvilNode.ACCOUNT_0.getAddress());
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private static AnvilNode anvil;
    private static TestToken usdt;
    private static TestToken impostor;

    @BeforeAll
    static void startNode() {
        anvil = AnvilNode.start();
        usdt = TestToken.deploy(anvil);
        impostor = TestToken.deploy(anvil);
        usdt.mint(CUSTOMER, 1_000_000_000_000L);
        impostor.mint(CUSTOMER, 1_000_000_000_000L);
        anvil.mine();
    }

    @AfterAll
    static void stopNode() {
        if (anvil != null) {
            anvil.close();
        }
    }

    private static EvmChainClient client(String... contracts) {
        return new EvmChainClientFactory().connect(new ChainEndpoint("ethereum", Chain.ETHEREUM, anvil.url(), TIMEOUT,
                                                                     Set.of(contracts), null));
    }

    private static TokenAmount usdt(String amount) {
        return TokenAmount.parse(amount, Asset.USDT);
    }

    @Test
    void headAndBlocksAreTheNodesWithTheirHashesParentsAndTimes() {
        anvil.mine(2);
        EthBlock.Block head = anvil.head();
        EvmChainClient client = client(usdt.address());

        assertThat(client.headNumber()).isEqualTo(head.getNumber().longValueExact());
        ChainBlock block = client.block(head.getNumber().longValueExact()).orElseThrow();
        assertThat(block.number()).isEqualTo(head.getNumber().longValueExact());
        assertThat(block.hash()).isEqualTo(head.getHash());
        assertThat(block.parentHash()).isEqualTo(head.getParentHash());
        assertThat(block.time()).isEqualTo(Instant.ofEpochSecond(head.getTimestamp().longValueExact()));
        assertThat(client.block(block.number() - 1).orElseThrow().hash()).isEqualTo(block.parentHash());
        assertThat(block.transfers()).isEmpty();
        assertThat(client.block(block.number() + 1)).isEmpty();
    }

    @Test
    void transfersOfTheConfiguredTokenComeWithBaseUnitsEip55AddressesAndTheirIndexInTheTransaction() {
        String paid = usdt.transfer(CUSTOMER, DEPOSIT_0.toLowerCase(), 150_000_000);
        String fake = impostor.transfer(CUSTOMER, DEPOSIT_0, 150_000_000);
        String batch = usdt.transferMany(CUSTOMER, List.of(DEPOSIT_1, DEPOSIT_2), List.of(2_500_000L, 10_000L));
        EthBlock.Block mined = anvil.mine();

        List<ChainTransfer> transfers = client(usdt.address()).block(mined.getNumber().longValueExact())
                                                              .orElseThrow().transfers();

        assertThat(transfers).containsExactly(
                new ChainTransfer(Chain.ETHEREUM, paid, 0, usdt.address(), CUSTOMER, DEPOSIT_0, usdt("150"), true),
                new ChainTransfer(Chain.ETHEREUM, batch, 0, usdt.address(), CUSTOMER, DEPOSIT_1, usdt("2.5"), true),
                new ChainTransfer(Chain.ETHEREUM, batch, 1, usdt.address(), CUSTOMER, DEPOSIT_2, usdt("0.01"), true));
        // In the block, the batch's logs are 2 and 3 (the impostor's is 1); a payment id counts within its transaction.
        assertThat(anvil.receipt(batch).getLogs()).extracting(log -> log.getLogIndex().intValue())
                                                  .containsExactly(2, 3);
        assertThat(transfers.get(0).txHash()).matches("0x[0-9a-f]{64}");

        List<ChainTransfer> both = client(usdt.address(), impostor.address().toLowerCase())
                .block(mined.getNumber().longValueExact()).orElseThrow().transfers();
        assertThat(both).extracting(ChainTransfer::txHash).containsExactly(paid, fake, batch, batch);
        assertThat(both.get(1).tokenContract()).isEqualTo(impostor.address());
    }

    @Test
    void aRevertedTransferIsMinedButMovesNothing() {
        String broke = AnvilNode.ACCOUNT_2;
        String reverted = usdt.transfer(broke, DEPOSIT_0, 5_000_000);
        EthBlock.Block mined = anvil.mine();

        TransactionReceipt receipt = anvil.receipt(reverted);
        assertThat(receipt.isStatusOK()).isFalse();
        assertThat(receipt.getBlockHash()).isEqualTo(mined.getHash());
        // The EVM drops the logs of a reverted transaction: there is no Transfer to report.
        assertThat(client(usdt.address()).block(mined.getNumber().longValueExact()).orElseThrow().transfers())
                .isEmpty();
    }

    @Test
    void aZeroValueTransferFromByAStrangerIsReturnedWithAmountZero() {
        String spam = usdt.transferFrom(AnvilNode.ACCOUNT_3, CUSTOMER, DEPOSIT_1, 0);
        EthBlock.Block mined = anvil.mine();

        assertThat(anvil.receipt(spam).isStatusOK()).isTrue();
        assertThat(client(usdt.address()).block(mined.getNumber().longValueExact()).orElseThrow().transfers())
                .containsExactly(new ChainTransfer(Chain.ETHEREUM, spam, 0, usdt.address(), CUSTOMER, DEPOSIT_1,
                                                   TokenAmount.zero(Asset.USDT), true));
    }

    @Test
    void aValueBeyondALongIsSkippedAndTheRestOfTheBlockIsRead() {
        usdt.mint(AnvilNode.ACCOUNT_3, BigInteger.TWO.pow(63));
        String paid = usdt.transfer(CUSTOMER, DEPOSIT_2, 1_000_000);
        EthBlock.Block mined = anvil.mine();

        assertThat(client(usdt.address()).block(mined.getNumber().longValueExact()).orElseThrow().transfers())
                .extracting(ChainTransfer::txHash, ChainTransfer::amount)
                .containsExactly(tuple(paid, usdt("1")));
    }

    @Test
    void finalizedIsTheNodesFinalizedBlock() {
        anvil.mine(3);
        long head = anvil.head().getNumber().longValueExact();

        // anvil started with one slot per epoch finalizes two blocks behind the head.
        assertThat(client(usdt.address()).finalizedNumber()).hasValue(head - 2);
    }

    @Test
    void aNodeThatDoesNotKnowFinalizedSaysNothingAboutIt() throws IOException {
        HttpServer node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext("/", exchange -> {
            byte[] body = ("{\"jsonrpc\":\"2.0\",\"id\":" + requestId(exchange.getRequestBody().readAllBytes())
                           + ",\"error\":{\"code\":-32602,\"message\":\"invalid block tag finalized\"}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        node.start();
        try (EvmChainClient client = endpointAt("http://127.0.0.1:" + node.getAddress().getPort(), TIMEOUT)) {
            assertThat(client.finalizedNumber()).isEmpty();
            assertThatThrownBy(client::headNumber).isInstanceOf(EvmNodeException.class)
                                                  .hasMessageContaining("eth_blockNumber answered error -32602");
        } finally {
            node.stop(0);
        }
    }

    @Test
    void aNodeThatRefusesBatchesIsReadOneCallAtATime() throws IOException {
        String paid = usdt.transfer(CUSTOMER, DEPOSIT_0, 7_000_000);
        String batch = usdt.transferMany(CUSTOMER, List.of(DEPOSIT_1, DEPOSIT_2), List.of(1L, 2L));
        long number = anvil.mine().getNumber().longValueExact();
        List<String> batchesRefused = new CopyOnWriteArrayList<>();
        HttpClient http = HttpClient.newHttpClient();
        // A proxy in front of anvil that answers every JSON-RPC batch with one error object, as some providers do.
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            byte[] request = exchange.getRequestBody().readAllBytes();
            byte[] body;
            if (new String(request, StandardCharsets.UTF_8).trim().startsWith("[")) {
                batchesRefused.add("batch");
                body = "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"no batches\"}}"
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                try {
                    body = http.send(HttpRequest.newBuilder(URI.create(anvil.url()))
                                                .header("Content-Type", "application/json")
                                                .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build(),
                                     HttpResponse.BodyHandlers.ofByteArray()).body();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        proxy.start();
        try (EvmChainClient client = new EvmChainClient(new ChainEndpoint(
                "ethereum", Chain.ETHEREUM, "http://127.0.0.1:" + proxy.getAddress().getPort(), TIMEOUT,
                Set.of(usdt.address(), impostor.address()), null))) {
            assertThat(client.block(number).orElseThrow().transfers())
                    .extracting(ChainTransfer::txHash, ChainTransfer::logIndex, ChainTransfer::to)
                    .containsExactly(tuple(paid, 0, DEPOSIT_0),
                                     tuple(batch, 0, DEPOSIT_1),
                                     tuple(batch, 1, DEPOSIT_2));
            assertThat(batchesRefused).hasSize(1);
            client.block(number);
            assertThat(batchesRefused).as("no batch is tried again").hasSize(1);
        } finally {
            proxy.stop(0);
        }
    }

    @Test
    void aNodeThatIsDownFailsCallsButNotConnecting() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        EvmChainClient client = endpointAt("http://127.0.0.1:" + closedPort + "/v3/secret-key", TIMEOUT);

        assertThatThrownBy(client::headNumber).isInstanceOf(EvmNodeException.class)
                                              .hasMessageContaining("ethereum (http://127.0.0.1:" + closedPort + ")")
                                              .hasMessageNotContaining("secret-key");
        assertThatThrownBy(() -> client.block(1)).isInstanceOf(EvmNodeException.class);
        assertThatThrownBy(client::finalizedNumber).isInstanceOf(EvmNodeException.class);
    }

    @Test
    void aNodeThatDoesNotAnswerIsGivenUpAfterTheCallTimeout() throws IOException {
        CountDownLatch release = new CountDownLatch(1);
        HttpServer node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext("/", exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        node.start();
        try (EvmChainClient client = endpointAt("http://127.0.0.1:" + node.getAddress().getPort(),
                                                Duration.ofMillis(300))) {
            assertThatThrownBy(client::headNumber).isInstanceOf(EvmNodeException.class)
                                                  .hasCauseInstanceOf(InterruptedIOException.class);
        } finally {
            release.countDown();
            node.stop(0);
        }
    }

    @Test
    void aTokenContractThatIsNotAnEvmAddressOrATronChainIsRefused() {
        EvmChainClientFactory factory = new EvmChainClientFactory();
        assertThat(factory.type()).isEqualTo("evm");
        assertThatThrownBy(() -> factory.connect(new ChainEndpoint("ethereum", Chain.ETHEREUM, anvil.url(), TIMEOUT,
                                                                   Set.of("TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an EVM address");
        assertThatThrownBy(() -> factory.connect(new ChainEndpoint("tron", Chain.TRON, anvil.url(), TIMEOUT,
                                                                   Set.of(), null)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs type tron");
    }

    private static EvmChainClient endpointAt(String url, Duration timeout) {
        return new EvmChainClient(new ChainEndpoint("ethereum", Chain.ETHEREUM, url, timeout,
                                                    Set.of("0xdAC17F958D2ee523a2206206994597C13D831ec7"), null));
    }

    private static String requestId(byte[] request) {
        String json = new String(request, StandardCharsets.UTF_8);
        Matcher id = Pattern.compile("\"id\"\\s*:\\s*(\\d+)").matcher(json);
        return id.find() ? id.group(1) : "null";
    }
}
