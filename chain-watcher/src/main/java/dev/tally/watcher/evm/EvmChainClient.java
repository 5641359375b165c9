package dev.tally.watcher.evm;

import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.watcher.chain.ChainBlock;
import dev.tally.watcher.chain.ChainClient;
import dev.tally.watcher.chain.ChainEndpoint;
import dev.tally.watcher.chain.ChainTransfer;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.EventEncoder;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthGetTransactionReceipt;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.ClientConnectionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

import java.io.IOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A {@link ChainClient} for one EVM node over JSON-RPC (web3j on OkHttp). It only translates; the block scanner
 * decides what counts.
 *
 * <ul>
 *   <li>{@link #block}: the header ({@code eth_getBlockByNumber}) for number, hash, parent hash and time; the
 *   ERC-20 {@code Transfer} logs of the configured token contracts in exactly that block ({@code eth_getLogs} by
 *   block hash, EIP-234, so header and logs cannot come from two different blocks at one height); the receipts of
 *   the transactions holding them ({@code eth_getTransactionReceipt}, JSON-RPC batches) for their status.</li>
 *   <li>Addresses ({@code from}, {@code to}, token contract) are returned in EIP-55 checksum form, the form the
 *   command side stores deposit addresses in; transaction hashes in lower-case {@code 0x} hex.</li>
 *   <li>A transfer's {@code logIndex} is the log's position among its own transaction's logs, not in the block:
 *   when a reorg puts the same transaction into another block, it keeps its payment id
 *   ({@code ethereum:txHash:logIndex}).</li>
 *   <li>Values are base units of USDT (6 decimals): configure only 6-decimal USDT contracts. A value beyond a
 *   {@code long} (no real USDT transfer comes near it) is skipped with a warning; zero values are returned.</li>
 *   <li>{@link #finalizedNumber}: the {@code finalized} block where the node knows the tag (post-merge Ethereum),
 *   empty where it answers with an error.</li>
 * </ul>
 *
 * Every call is limited by the endpoint's {@code callTimeout}. Connecting does not touch the node: calls fail with
 * {@link EvmNodeException} instead.
 */
public class EvmChainClient implements ChainClient, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EvmChainClient.class);

    /** Topic 0 of every ERC-20 {@code Transfer(address indexed from, address indexed to, uint256 value)} log. */
    public static final String TRANSFER_TOPIC = EventEncoder.buildEventSignature("Transfer(address,address,uint256)");

    /** The most requests in one JSON-RPC batch: node providers cap batch sizes; 50 is under the common caps. */
    static final int BATCH_SIZE_MAX = 50;

    /**
     * web3j gives every client a polling thread pool of its own unless handed one; this client never polls (no
     * filters, no subscriptions), so all clients share one that never starts a thread.
     */
    private static final ScheduledExecutorService UNUSED_POLLER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "web3j-poller");
        thread.setDaemon(true);
        return thread;
    });

    private final ChainEndpoint endpoint;
    private final String node;
    private final OkHttpClient http;
    private final Web3j web3j;
    private final List<String> tokenContracts;
    private volatile boolean batching = true;

    /**
     * Prepares calls to {@code endpoint} without contacting it.
     *
     * @throws IllegalArgumentException if the URL is not http(s) or a token contract is not a 0x-hex address
     */
    public EvmChainClient(ChainEndpoint endpoint) {
        this.endpoint = endpoint;
        HttpUrl url = HttpUrl.parse(endpoint.url());
        if (url == null) {
            throw new IllegalArgumentException(endpoint.name() + ": not an http(s) JSON-RPC URL: " + endpoint.url());
        }
        // Only scheme, host and port in messages: provider URLs often carry the API key in their path.
        this.node = endpoint.name() + " (" + url.scheme() + "://" + url.host() + ":" + url.port() + ")";
        this.tokenContracts = endpoint.tokenContracts().stream()
                .map(contract -> {
                    if (!WalletUtils.isValidAddress(contract) || !contract.startsWith("0x")) {
                        throw new IllegalArgumentException(endpoint.name() + ": token contract " + contract
                                                           + " is not an EVM address (0x and 40 hex digits)");
                    }
                    return contract.toLowerCase(Locale.ROOT);
                })
                .sorted()
                .toList();
        if (tokenContracts.isEmpty()) {
            log.warn("{}: no token contracts configured; its blocks will hold no transfers", node);
        }
        this.http = new OkHttpClient.Builder()
                .callTimeout(endpoint.callTimeout())
                .connectTimeout(endpoint.callTimeout())
                .readTimeout(endpoint.callTimeout())
                .writeTimeout(endpoint.callTimeout())
                .build();
        HttpService service = new HttpService(endpoint.url(), http);
        if (endpoint.apiKey() != null && !endpoint.apiKey().isBlank()) {
            service.addHeader("Authorization", "Bearer " + endpoint.apiKey());
        }
        this.web3j = Web3j.build(service, 1_000, UNUSED_POLLER);
    }

    @Override
    public long headNumber() {
        return call("eth_blockNumber", web3j.ethBlockNumber()).getBlockNumber().longValueExact();
    }

    @Override
    public Optional<ChainBlock> block(long number) {
        EthBlock.Block header = call("eth_getBlockByNumber",
                web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false))
                .getBlock();
        if (header == null) {
            return Optional.empty();
        }
        if (header.getNumber() == null || header.getNumber().longValueExact() != number) {
            throw new EvmNodeException(node + ": asked for block " + number + ", got " + header.getNumber());
        }
        List<Log> logs = transferLogs(header.getHash());
        Map<String, TransactionReceipt> receipts = receipts(logs);
        List<ChainTransfer> transfers = new ArrayList<>(logs.size());
        for (Log transferLog : logs) {
            toTransfer(transferLog, receipts.get(transferLog.getTransactionHash().toLowerCase(Locale.ROOT)),
                       header.getHash()).ifPresent(transfers::add);
        }
        return Optional.of(new ChainBlock(number, header.getHash(), header.getParentHash(),
                                          Instant.ofEpochSecond(header.getTimestamp().longValueExact()),
                                          transfers));
    }

    @Override
    public OptionalLong finalizedNumber() {
        EthBlock finalized = send("eth_getBlockByNumber(finalized)",
                                  web3j.ethGetBlockByNumber(DefaultBlockParameterName.FINALIZED, false));
        if (finalized.hasError()) {
            // Pre-merge chains and some nodes do not know the tag: they do not say what is final.
            log.debug("{}: no finalized block: {}", node, finalized.getError().getMessage());
            return OptionalLong.empty();
        }
        EthBlock.Block block = finalized.getBlock();
        return block == null || block.getNumber() == null ? OptionalLong.empty()
                : OptionalLong.of(block.getNumber().longValueExact());
    }

    /** Releases the HTTP connections and threads of this client. */
    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "EvmChainClient[" + node + "]";
    }

    /** The Transfer logs of the configured contracts in the block {@code blockHash}, in block order. */
    private List<Log> transferLogs(String blockHash) {
        List<Request<?, EthLog>> requests = new ArrayList<>();
        for (String contract : tokenContracts) {
            EthFilter filter = new EthFilter(blockHash, contract);
            filter.addSingleTopic(TRANSFER_TOPIC);
            requests.add(web3j.ethGetLogs(filter));
        }
        List<Log> logs = new ArrayList<>();
        for (EthLog response : callAll("eth_getLogs", requests)) {
            for (EthLog.LogResult<?> result : response.getLogs()) {
                logs.add((Log) result.get());
            }
        }
        logs.sort(Comparator.comparing(Log::getLogIndex));
        return logs;
    }

    /** The receipts of the transactions that hold {@code logs}, by lower-case transaction hash. */
    private Map<String, TransactionReceipt> receipts(List<Log> logs) {
        Set<String> transactions = new LinkedHashSet<>();
        for (Log transferLog : logs) {
            transactions.add(transferLog.getTransactionHash().toLowerCase(Locale.ROOT));
        }
        List<Request<?, EthGetTransactionReceipt>> requests = new ArrayList<>();
        for (String transaction : transactions) {
            requests.add(web3j.ethGetTransactionReceipt(transaction));
        }
        Map<String, TransactionReceipt> receipts = new HashMap<>();
        for (EthGetTransactionReceipt response : callAll("eth_getTransactionReceipt", requests)) {
            TransactionReceipt receipt = response.getResult();
            if (receipt != null) {
                receipts.put(receipt.getTransactionHash().toLowerCase(Locale.ROOT), receipt);
            }
        }
        return receipts;
    }

    private Optional<ChainTransfer> toTransfer(Log transferLog, TransactionReceipt receipt, String blockHash) {
        String txHash = transferLog.getTransactionHash().toLowerCase(Locale.ROOT);
        List<String> topics = transferLog.getTopics();
        String data = Numeric.cleanHexPrefix(transferLog.getData() == null ? "" : transferLog.getData());
        if (transferLog.isRemoved() || topics.size() != 3 || data.length() != 64) {
            // Same signature, other shape (e.g. an ERC-721 Transfer with an indexed token id): not a token amount.
            log.debug("{}: log {} of {} is not an ERC-20 Transfer", node, transferLog.getLogIndex(), txHash);
            return Optional.empty();
        }
        BigInteger value = new BigInteger(data, 16);
        if (value.bitLength() > 63) {
            log.warn("{}: transfer {}:{} of {} moves {} base units, more than Tally can count; skipped", node, txHash,
                     transferLog.getLogIndex(), transferLog.getAddress(), value);
            return Optional.empty();
        }
        if (receipt == null) {
            throw new EvmNodeException(node + ": no receipt for transaction " + txHash + " of block " + blockHash);
        }
        if (!blockHash.equalsIgnoreCase(receipt.getBlockHash())) {
            throw new EvmNodeException(node + ": block " + blockHash + " changed while it was read (transaction "
                                       + txHash + " is now in " + receipt.getBlockHash() + ")");
        }
        int indexInTransaction = -1;
        List<Log> receiptLogs = receipt.getLogs();
        for (int i = 0; i < receiptLogs.size(); i++) {
            if (transferLog.getLogIndex().equals(receiptLogs.get(i).getLogIndex())) {
                indexInTransaction = i;
                break;
            }
        }
        if (indexInTransaction < 0) {
            throw new EvmNodeException(node + ": log " + transferLog.getLogIndex() + " is not in the receipt of "
                                       + txHash);
        }
        return Optional.of(new ChainTransfer(endpoint.chain(), txHash, indexInTransaction,
                                             Keys.toChecksumAddress(transferLog.getAddress()),
                                             address(topics.get(1)), address(topics.get(2)),
                                             // The only asset Tally accepts; its decimals are USDT's 6.
                                             TokenAmount.ofBaseUnits(Asset.USDT, value.longValueExact()),
                                             receipt.isStatusOK()));
    }

    /** An address from an indexed 32-byte topic, EIP-55. */
    private static String address(String topic) {
        String hex = Numeric.cleanHexPrefix(topic);
        return Keys.toChecksumAddress("0x" + hex.substring(hex.length() - 40));
    }

    /** Sends {@code requests} in batches (one round trip each) where the node allows, one by one where not. */
    private <T extends Response<?>> List<T> callAll(String method, List<? extends Request<?, T>> requests) {
        List<T> responses = new ArrayList<>(requests.size());
        if (requests.size() == 1 || !batching) {
            for (Request<?, T> request : requests) {
                responses.add(call(method, request));
            }
            return responses;
        }
        for (int from = 0; from < requests.size(); from += BATCH_SIZE_MAX) {
            List<? extends Request<?, T>> chunk = requests.subList(from, Math.min(requests.size(),
                                                                                from + BATCH_SIZE_MAX));
            Optional<List<T>> answered = batch(method, chunk);
            if (answered.isEmpty()) {
                return callAll(method, requests);
            }
            responses.addAll(answered.get());
        }
        return responses;
    }

    /** One batch; empty (and no batches from now on) when the node does not take batches. */
    @SuppressWarnings("unchecked")
    private <T extends Response<?>> Optional<List<T>> batch(String method, List<? extends Request<?, T>> requests) {
        BatchRequest batch = web3j.newBatch();
        requests.forEach(batch::add);
        BatchResponse answer;
        try {
            answer = batch.send();
        } catch (IOException | ClientConnectionException e) {
            throw new EvmNodeException(node + ": " + method + " (batch of " + requests.size() + ") failed: "
                                       + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Not a JSON array back (a node or proxy that refuses batches answers with one error object).
            batching = false;
            log.warn("{}: the node does not answer JSON-RPC batches ({}); calling one by one", node, e.toString());
            return Optional.empty();
        }
        // JSON-RPC lets a node answer a batch in any order: pair answers with requests by id.
        Map<Long, T> byId = new HashMap<>();
        for (Response<?> response : answer.getResponses()) {
            byId.put(response.getId(), (T) response);
        }
        List<T> ordered = new ArrayList<>(requests.size());
        for (Request<?, T> request : requests) {
            T response = byId.get(request.getId());
            if (response == null) {
                throw new EvmNodeException(node + ": " + method + " batch answer lacks request " + request.getId());
            }
            ordered.add(checked(method, response));
        }
        return Optional.of(ordered);
    }

    /** One call; a JSON-RPC error is a failure. */
    private <T extends Response<?>> T call(String method, Request<?, T> request) {
        return checked(method, send(method, request));
    }

    /** One call; a JSON-RPC error comes back in the response. */
    private <T extends Response<?>> T send(String method, Request<?, T> request) {
        try {
            return request.send();
        } catch (IOException | ClientConnectionException e) {
            throw new EvmNodeException(node + ": " + method + " failed: " + e.getMessage(), e);
        }
    }

    private <T extends Response<?>> T checked(String method, T response) {
        if (response.hasError()) {
            throw new EvmNodeException(node + ": " + method + " answered error " + response.getError().getCode()
                                       + ": " + response.getError().getMessage());
        }
        return response;
    }
}
