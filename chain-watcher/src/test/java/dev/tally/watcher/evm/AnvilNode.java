package dev.tally.watcher.evm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real anvil node for a test: the binary of the npm package {@code @foundry-rs/anvil} that the build installs in
 * {@code chain-watcher/tools/anvil} (or {@code ANVIL_BINARY}), started on a free port with mining on demand, stopped
 * by {@link #close()}.
 */
public final class AnvilNode implements AutoCloseable {
    /** anvil's chain id unless told otherwise. */
    public static final long CHAIN_ID = 31337;
    /**
     * anvil's default accounts come from the well-known test mnemonic "test test … junk"; these two keys are public
     * (anvil prints them at start) and only ever hold test ether.
     */
    public static final Credentials ACCOUNT_0 =
            Credentials.create("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    public static final Credentials ACCOUNT_1 =
            Credentials.create("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    public static final String ACCOUNT_2 = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    public static final String ACCOUNT_3 = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

    private static final Pattern LISTENING = Pattern.compile("Listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(500_000);
    private static final BigInteger GAS_PRICE = BigInteger.valueOf(100_000_000_000L);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    /** A test JVM that ends without closing the node still takes it along. */
    private final Thread stopOnExit;
    private final String url;
    private final HttpService service;
    private final Web3j web3j;

    private AnvilNode(Process process, int port) {
        this.process = process;
        this.stopOnExit = new Thread(process::destroyForcibly, "anvil-stop");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        this.url = "http://127.0.0.1:" + port;
        this.service = new HttpService(url);
        this.web3j = Web3j.build(service);
    }

    /**
     * Starts anvil on a port of its choosing; blocks are mined only when the test asks. One slot per epoch makes
     * its {@code finalized} block trail the head by two.
     */
    public static AnvilNode start() {
        Path binary = binary();
        ProcessBuilder builder = new ProcessBuilder(binary.toString(), "--host", "127.0.0.1", "--port", "0",
                                                    "--no-mining", "--slots-in-an-epoch", "1",
                                                    "--chain-id", Long.toString(CHAIN_ID))
                .redirectErrorStream(true);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start anvil at " + binary, e);
        }
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread output = new Thread(() -> drain(process, port), "anvil-output");
        output.setDaemon(true);
        output.start();
        try {
            return new AnvilNode(process, port.get(30, TimeUnit.SECONDS));
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("anvil (" + binary + ") did not start listening", e);
        }
    }

    /** Reads anvil's output to the end (so it never blocks on a full pipe), picking up the port it listens on. */
    private static void drain(Process process, CompletableFuture<Integer> port) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                                                                              StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    port.complete(Integer.parseInt(matcher.group(1)));
                }
            }
        } catch (IOException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IllegalStateException("anvil exited with " + process.exitValue()));
    }

    /** The anvil binary: {@code ANVIL_BINARY}, else the npm install under {@code tools/anvil}. */
    static Path binary() {
        String configured = System.getenv("ANVIL_BINARY");
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured);
        }
        // This module's tools/anvil; from the launcher's tests, which use this class too, the same install.
        Path tools = java.util.stream.Stream.of(Paths.get("tools", "anvil"),
                                                Paths.get("..", "..", "chain-watcher", "tools", "anvil"))
                .map(Path::toAbsolutePath).filter(Files::isDirectory).findFirst()
                .orElse(Paths.get("tools", "anvil").toAbsolutePath());
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String platform = (os.contains("win") ? "win32" : os.contains("mac") ? "darwin" : "linux") + "-"
                          + (arch.contains("aarch64") || arch.contains("arm64") ? "arm64" : "amd64");
        Path binary = tools.resolve(Paths.get("node_modules", "@foundry-rs", "anvil-" + platform, "bin",
                                              os.contains("win") ? "anvil.exe" : "anvil"));
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("anvil is not installed: no executable " + binary + ". The build installs "
                    + "it (npm ci in chain-watcher/tools/anvil, needs node and npm); or run that yourself, or point "
                    + "ANVIL_BINARY at an anvil binary.");
        }
        String pinned = version(tools.resolve("package.json"), "\"@foundry-rs/anvil\"\\s*:\\s*\"([^\"]+)\"");
        String installed = version(tools.resolve("node_modules/@foundry-rs/anvil/package.json"),
                                   "\"version\"\\s*:\\s*\"([^\"]+)\"");
        if (!pinned.equals(installed)) {
            // The build installs only when nothing is installed: a changed pin needs a fresh install.
            throw new IllegalStateException("anvil " + installed + " is installed but tools/anvil pins " + pinned
                    + ": delete chain-watcher/tools/anvil/node_modules and build again");
        }
        return binary;
    }

    private static String version(Path packageJson, String pattern) {
        try {
            Matcher matcher = Pattern.compile(pattern).matcher(Files.readString(packageJson));
            return matcher.find() ? matcher.group(1) : "?";
        } catch (IOException e) {
            return "?";
        }
    }

    public String url() {
        return url;
    }

    public Web3j web3j() {
        return web3j;
    }

    /** Sends a transaction from an unlocked anvil account with a fixed gas limit (no estimate: reverts get mined). */
    public String send(String from, String to, String data) {
        Transaction transaction = new Transaction(from, null, GAS_PRICE, GAS_LIMIT, to, BigInteger.ZERO, data);
        return call(web3j.ethSendTransaction(transaction)).getTransactionHash();
    }

    /** Signs a legacy transaction with {@code credentials} (EIP-155) and returns it raw, unsent. */
    String sign(Credentials credentials, String to, String data) {
        BigInteger nonce = call(web3j.ethGetTransactionCount(credentials.getAddress(),
                                                             DefaultBlockParameterName.PENDING)).getTransactionCount();
        RawTransaction raw = RawTransaction.createTransaction(nonce, GAS_PRICE, GAS_LIMIT, to, data);
        return Numeric.toHexString(TransactionEncoder.signMessage(raw, CHAIN_ID, credentials));
    }

    public String sendRaw(String signed) {
        return call(web3j.ethSendRawTransaction(signed)).getTransactionHash();
    }

    /** Mines one block with whatever is pending; returns it. */
    public EthBlock.Block mine() {
        call(new Request<>("evm_mine", List.of(), service, Generic.class));
        return head();
    }

    public void mine(int blocks) {
        for (int i = 0; i < blocks; i++) {
            mine();
        }
    }

    public EthBlock.Block head() {
        return call(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock();
    }

    EthBlock.Block block(long number) {
        return call(web3j.ethGetBlockByNumber(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)).getBlock();
    }

    public TransactionReceipt receipt(String txHash) {
        return call(web3j.ethGetTransactionReceipt(txHash)).getTransactionReceipt()
                .orElseThrow(() -> new AssertionError("no receipt for " + txHash));
    }

    /** A transaction to put into a replacement block of {@link #reorg}: raw signed hex, at a block offset. */
    public record Replacement(String signedTransaction, int blockOffset) {
    }

    /**
     * anvil_reorg: replaces the last {@code depth} blocks by as many new ones, holding only {@code replacements}
     * (offset 0 is the first new block); the head keeps its number.
     */
    public void reorg(int depth, List<Replacement> replacements) {
        List<Object> pairs = new ArrayList<>();
        for (Replacement replacement : replacements) {
            pairs.add(List.of(replacement.signedTransaction(), replacement.blockOffset()));
        }
        call(new Request<>("anvil_reorg", List.of(depth, pairs), service, Generic.class));
    }

    /** A JSON-RPC call of anvil's own with a result of any shape. */
    public JsonNode rpc(String method, Object... params) {
        Object result = call(new Request<>(method, List.of(params), service, Generic.class)).getResult();
        return JSON.valueToTree(result);
    }

    private static <T extends Response<?>> T call(Request<?, T> request) {
        T response;
        try {
            response = request.send();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (response.hasError()) {
            throw new IllegalStateException(request.getMethod() + ": " + response.getError().getMessage());
        }
        return response;
    }

    @Override
    public void close() {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** A response whose result is whatever JSON came back. */
    public static class Generic extends Response<Object> {
    }
}
