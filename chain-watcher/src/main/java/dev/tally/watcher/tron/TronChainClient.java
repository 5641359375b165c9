package dev.tally.watcher.tron;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.watcher.chain.ChainBlock;
import dev.tally.watcher.chain.ChainClient;
import dev.tally.watcher.chain.ChainEndpoint;
import dev.tally.watcher.chain.ChainTransfer;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tron.trident.api.GrpcAPI.EmptyMessage;
import org.tron.trident.api.GrpcAPI.NumberMessage;
import org.tron.trident.api.WalletGrpc;
import org.tron.trident.api.WalletSolidityGrpc;
import org.tron.trident.proto.Chain.Transaction;
import org.tron.trident.proto.Chain.Transaction.Result.contractResult;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.proto.Response.BlockExtention;
import org.tron.trident.proto.Response.TransactionExtention;
import org.tron.trident.proto.Response.TransactionInfo;
import org.tron.trident.proto.Response.TransactionInfoList;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * A {@link ChainClient} on one Tron node over gRPC, with trident's stubs and protobuf types. It reads the head
 * ({@code GetNowBlock2}), a block ({@code GetBlockByNum2}) with its transaction infos
 * ({@code GetTransactionInfoByBlockNum}), and the solidified block ({@code WalletSolidity.GetNowBlock2}), and
 * translates the TRC-20 {@code Transfer} logs of the endpoint's token contracts into {@link ChainTransfer}s; it decides
 * nothing about which of them count.
 *
 * <p>Mapping: the block hash is the node's block id, the parent hash the header's {@code parentHash}, both lowercase
 * hex; the transaction hash is the transaction id in lowercase hex; the log index is the log's position in its
 * transaction's log list (all logs counted, whatever contract emitted them), which is fixed once the transaction
 * executed, so {@code tron:txid:logIndex} is stable. A transfer succeeded when its transaction's
 * {@code receipt.result} is {@code SUCCESS}. A failed transaction keeps no logs on Tron, so a failed
 * {@code transfer}/{@code transferFrom} call to a token contract is returned from its call data, with log index 0 and
 * {@code succeeded=false}. TRX transfers and all other contract types carry no logs and are ignored. A value that
 * does not fit a {@code long} of base units cannot be a real USDT transfer (the whole supply fits many times over):
 * it is skipped with a warning rather than stopping the scanner on that block.
 *
 * <p>Every call has the endpoint's {@code callTimeout} as its deadline; the endpoint's API key, if any, is sent as
 * {@code TRON-PRO-API-KEY}. Connecting never fails for a node that is down: channels connect on the first call, and
 * a failed call throws {@link TronNodeException}.
 */
public class TronChainClient implements ChainClient, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TronChainClient.class);
    /** Block and infos are two calls; a node switching branch (or a load balancer switching node) between them. */
    private static final int CONSISTENT_READ_ATTEMPTS = 3;
    private static final HexFormat HEX = HexFormat.of();

    private final ChainEndpoint endpoint;
    private final TronNode node;
    /**
     * The token contracts' 20-byte account ids, as event logs name their emitter, with their base58 addresses
     * (encoded once, not for each of a block's hundreds of transfers).
     */
    private final Map<ByteString, String> tokenContracts;
    private final AtomicBoolean solidityUnavailableLogged = new AtomicBoolean();

    /**
     * @throws IllegalArgumentException when the endpoint is not a Tron one, its url is not
     *                                  {@code host:port[?solidity=...]} or a token contract is not a Tron address
     *                                  (configuration errors, not node errors)
     */
    public TronChainClient(ChainEndpoint endpoint) {
        if (endpoint.chain() != Chain.TRON) {
            throw new IllegalArgumentException(endpoint.name() + ": a Tron client needs a Tron endpoint, not "
                                               + endpoint.chain().code());
        }
        if (endpoint.callTimeout().isNegative() || endpoint.callTimeout().isZero()) {
            throw new IllegalArgumentException(endpoint.name() + ": callTimeout must be positive");
        }
        this.endpoint = endpoint;
        this.tokenContracts = endpoint.tokenContracts().stream().map(TronAddresses::accountId).distinct()
                                      .collect(Collectors.toUnmodifiableMap(id -> id, TronAddresses::toBase58));
        this.node = new TronNode(endpoint);
    }

    @Override
    public long headNumber() {
        BlockExtention head = call("GetNowBlock2", () -> wallet().getNowBlock2(EmptyMessage.getDefaultInstance()));
        return head.hasBlockHeader() ? head.getBlockHeader().getRawData().getNumber() : 0;
    }

    @Override
    public Optional<ChainBlock> block(long number) {
        NumberMessage request = NumberMessage.newBuilder().setNum(number).build();
        for (int attempt = 1; ; attempt++) {
            BlockExtention block = call("GetBlockByNum2(" + number + ")", () -> wallet().getBlockByNum2(request));
            if (!block.hasBlockHeader() || block.getBlockid().isEmpty()) {
                return Optional.empty(); // java-tron answers an empty block for a number above its head
            }
            long actual = block.getBlockHeader().getRawData().getNumber();
            if (actual != number) {
                throw new TronNodeException(describe() + ": asked for block " + number + ", got block " + actual);
            }
            List<TransactionExtention> transactions = block.getTransactionsList();
            if (transactions.stream().noneMatch(TronChainClient::isContractCall)) {
                return Optional.of(toChainBlock(block, List.of())); // no contract call, no logs: infos not needed
            }
            TransactionInfoList infos = call("GetTransactionInfoByBlockNum(" + number + ")",
                                             () -> wallet().getTransactionInfoByBlockNum(request));
            List<TransactionInfo> aligned = aligned(infos, number, transactions);
            if (aligned != null) {
                return Optional.of(toChainBlock(block, transfers(number, transactions, aligned)));
            }
            if (attempt == CONSISTENT_READ_ATTEMPTS) {
                throw new TronNodeException(describe() + ": the transaction infos of block " + number
                                            + " do not match its transactions in " + attempt + " attempts");
            }
            log.debug("{}: block {} changed between reading it and its transaction infos; reading it again",
                      endpoint.name(), number);
        }
    }

    @Override
    public OptionalLong finalizedNumber() {
        try {
            BlockExtention solid = walletSolidity().getNowBlock2(EmptyMessage.getDefaultInstance());
            return OptionalLong.of(solid.hasBlockHeader() ? solid.getBlockHeader().getRawData().getNumber() : 0);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNIMPLEMENTED) {
                if (solidityUnavailableLogged.compareAndSet(false, true)) {
                    log.warn("{}: {} does not serve WalletSolidity; the solidified height is unknown (set "
                             + "?solidity=port in the url to the node's solidity port)", endpoint.name(),
                             node.address().solidity());
                }
                return OptionalLong.empty();
            }
            throw node.failure("WalletSolidity.GetNowBlock2", e);
        }
    }

    /** Shuts the channels down; calls afterwards fail. */
    @Override
    public void close() {
        node.close();
    }

    @Override
    public String toString() {
        return describe();
    }

    private WalletGrpc.WalletBlockingStub wallet() {
        return node.wallet();
    }

    private WalletSolidityGrpc.WalletSolidityBlockingStub walletSolidity() {
        return node.walletSolidity();
    }

    private <T> T call(String what, Supplier<T> call) {
        return node.call(what, call);
    }

    private String describe() {
        return node.describe();
    }

    /**
     * Whether a transaction calls a contract ({@code TriggerSmartContract}): the only transactions with logs. Any of
     * them may emit a token's {@code Transfer} (a wallet or exchange contract calling the token); TRX transfers,
     * staking and votes run no contract code.
     */
    private static boolean isContractCall(TransactionExtention transaction) {
        Transaction.raw raw = transaction.getTransaction().getRawData();
        return raw.getContractCount() > 0
               && raw.getContract(0).getType() == Transaction.Contract.ContractType.TriggerSmartContract;
    }

    /**
     * The infos in the order of the block's transactions ({@code null} where one has none), or {@code null} when they
     * are not this block's: each must name this block and one of its transactions, and every contract call must have
     * one. Not so when the node moved to another branch between the two calls, or a load balancer asked a node that
     * has not got the block yet (it answers no infos). A node answers them in the block's order, one per transaction,
     * which is checked first without hashing a single id.
     */
    private static List<TransactionInfo> aligned(TransactionInfoList infos, long number,
                                                 List<TransactionExtention> transactions) {
        List<TransactionInfo> list = infos.getTransactionInfoList();
        if (list.size() == transactions.size()) {
            boolean inOrder = true;
            for (int i = 0; i < list.size() && inOrder; i++) {
                inOrder = list.get(i).getBlockNumber() == number
                          && list.get(i).getId().equals(transactionId(transactions.get(i)));
            }
            if (inOrder) {
                return list;
            }
        }
        Map<ByteString, TransactionInfo> byId = new HashMap<>();
        for (TransactionInfo info : list) {
            if (info.getBlockNumber() != number) {
                return null;
            }
            byId.put(info.getId(), info);
        }
        Set<ByteString> ids = new HashSet<>();
        List<TransactionInfo> result = new ArrayList<>(transactions.size());
        for (TransactionExtention transaction : transactions) {
            ByteString id = transactionId(transaction);
            ids.add(id);
            TransactionInfo info = byId.get(id);
            if (info == null && isContractCall(transaction)) {
                return null;
            }
            result.add(info);
        }
        return ids.containsAll(byId.keySet()) ? result : null;
    }

    private List<ChainTransfer> transfers(long number, List<TransactionExtention> transactions,
                                          List<TransactionInfo> infos) {
        List<ChainTransfer> transfers = new ArrayList<>();
        for (int i = 0; i < transactions.size(); i++) {
            TransactionExtention transaction = transactions.get(i);
            TransactionInfo info = infos.get(i);
            if (info == null || !isContractCall(transaction)) {
                continue;
            }
            String txHash = HEX.formatHex(transactionId(transaction).toByteArray());
            boolean succeeded = info.getReceipt().getResult() == contractResult.SUCCESS;
            boolean logged = false;
            for (int index = 0; index < info.getLogCount(); index++) {
                TransactionInfo.Log entry = info.getLog(index);
                String tokenContract = tokenContracts.get(emitter(entry.getAddress()));
                if (tokenContract == null) {
                    continue; // another contract's log; the index still counts
                }
                Optional<Trc20Transfer> decoded = Trc20Transfer.ofLog(entry, tokenContract);
                if (decoded.isPresent()) {
                    logged |= add(transfers, txHash, index, decoded.get(), succeeded);
                }
            }
            if (!succeeded && !logged) {
                // A failed transaction keeps no logs: the attempted transfer is read from its call.
                call(transaction, number).filter(call -> tokenContracts.containsKey(emitter(call.getContractAddress())))
                                         .flatMap(Trc20Transfer::ofCall)
                                         .ifPresent(attempt -> add(transfers, txHash, 0, attempt, false));
            }
        }
        return transfers;
    }

    /** A contract call's parameters; empty, with a warning, when they cannot be read. */
    private Optional<TriggerSmartContract> call(TransactionExtention transaction, long number) {
        try {
            return Optional.of(transaction.getTransaction().getRawData().getContract(0).getParameter()
                                          .unpack(TriggerSmartContract.class));
        } catch (InvalidProtocolBufferException e) {
            log.warn("{}: unreadable contract call in block {}", endpoint.name(), number, e);
            return Optional.empty();
        }
    }

    private boolean add(List<ChainTransfer> transfers, String txHash, int logIndex, Trc20Transfer transfer,
                        boolean succeeded) {
        BigInteger value = transfer.value();
        if (value.bitLength() > 63) {
            log.warn("{}: skipped transfer {}:{} of {} to {}: value {} does not fit a long of base units",
                     endpoint.name(), txHash, logIndex, transfer.tokenContract(), transfer.to(), value);
            return true;
        }
        transfers.add(new ChainTransfer(Chain.TRON, txHash, logIndex, transfer.tokenContract(), transfer.from(),
                                        transfer.to(), TokenAmount.ofBaseUnits(Asset.USDT, value.longValueExact()),
                                        succeeded));
        return true;
    }

    /** A log names its emitter by the 20-byte account id; tolerate the 21-byte form with the 0x41 prefix. */
    private static ByteString emitter(ByteString address) {
        return address.size() == TronAddresses.ACCOUNT_ID_LENGTH + 1 && address.byteAt(0) == TronAddresses.PREFIX
                ? address.substring(1) : address;
    }

    private static ChainBlock toChainBlock(BlockExtention block, List<ChainTransfer> transfers) {
        var header = block.getBlockHeader().getRawData();
        return new ChainBlock(header.getNumber(), HEX.formatHex(block.getBlockid().toByteArray()),
                              HEX.formatHex(header.getParentHash().toByteArray()),
                              Instant.ofEpochMilli(header.getTimestamp()), transfers);
    }

    /** The node sends each transaction's id; it is SHA-256 of the raw data where a node leaves it out. */
    private static ByteString transactionId(TransactionExtention transaction) {
        if (!transaction.getTxid().isEmpty()) {
            return transaction.getTxid();
        }
        try {
            return ByteString.copyFrom(MessageDigest.getInstance("SHA-256")
                                                    .digest(transaction.getTransaction().getRawData().toByteArray()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
