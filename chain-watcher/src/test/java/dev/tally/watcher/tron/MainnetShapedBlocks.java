package dev.tally.watcher.tron;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.watcher.chain.ChainTransfer;
import org.tron.trident.proto.Chain.BlockHeader;
import org.tron.trident.proto.Chain.Transaction;
import org.tron.trident.proto.Chain.Transaction.Contract.ContractType;
import org.tron.trident.proto.Chain.Transaction.Result.contractResult;
import org.tron.trident.proto.Common.ResourceCode;
import org.tron.trident.proto.Contract.DelegateResourceContract;
import org.tron.trident.proto.Contract.FreezeBalanceV2Contract;
import org.tron.trident.proto.Contract.TransferContract;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.proto.Contract.VoteWitnessContract;
import org.tron.trident.proto.Response.BlockExtention;
import org.tron.trident.proto.Response.ResourceReceipt;
import org.tron.trident.proto.Response.TransactionExtention;
import org.tron.trident.proto.Response.TransactionInfo;
import org.tron.trident.proto.Response.TransactionInfoList;
import org.tron.trident.proto.Response.TransactionReturn;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Builds Tron blocks shaped like mainnet's, in trident's protobuf types, from a seed (no fixture files): about 350
 * transactions a block — mostly USDT {@code transfer} calls, TRX transfers, USDT moved by other contracts (a swap
 * router: the USDT log is not the transaction's first), transfers of another TRC-20 contract that also calls itself
 * USDT, staking and votes, and failed USDT calls (REVERT, OUT_OF_ENERGY) that, as on mainnet, keep no logs. Ids are
 * computed as Tron computes them: a transaction id is SHA-256 of its raw data, a block id is SHA-256 of the raw header
 * with the block number in its first 8 bytes; logs name their contract by the 20-byte account id and pad addresses
 * in topics to 32 bytes.
 *
 * <p>Each {@link Tx} knows the USDT transfers it holds as a {@link ChainTransfer}, which is what the client must
 * return for it: the generator is the oracle of the tests.
 */
public final class MainnetShapedBlocks {
    static final String USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    /** Another TRC-20 contract whose token is named "Tether USD" / "USDT" too; its transfers never count. */
    static final String LOOKALIKE_USDT = TronAddresses.toBase58(HexFormat.of().parseHex(
            "41" + "5d3ee8c3b3b5aa0c9d1e0f8a7c6b4e2f10a3b5c7"));
    /** A swap router: USDT moved by it is logged by the USDT contract inside another contract's transaction. */
    static final String ROUTER = TronAddresses.toBase58(HexFormat.of().parseHex(
            "41" + "6e0617948fe030a7e4970f8389d4ad295f249b7e"));
    static final int TRANSACTIONS_PER_BLOCK = 350;
    static final Instant GENESIS = Instant.parse("2026-11-21T10:00:00Z");

    private static final ByteString TRANSFER_TOPIC = Trc20Transfer.TRANSFER_TOPIC;
    /** Sync(uint112,uint112) and Swap(...) topics of a swap pair: other contracts' logs around the USDT one. */
    private static final ByteString SYNC_TOPIC =
            hex("1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1");
    private static final ByteString SWAP_TOPIC =
            hex("d78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822");
    private static final ByteString SUCCESS_WORD = word(BigInteger.ONE);

    /** The 21 bytes of every address used, so generating a block decodes no base58 (it is slow). */
    private static final Map<String, byte[]> RAW = new ConcurrentHashMap<>();

    private final Random random;

    public MainnetShapedBlocks(long seed) {
        this.random = new Random(seed);
    }

    /** One transaction with its execution info (its block number and time are set when a block seals it). */
    public record Tx(TransactionExtention transaction, TransactionInfo info, List<ChainTransfer> usdtTransfers) {
        String hash() {
            return HexFormat.of().formatHex(transaction.getTxid().toByteArray());
        }
    }

    /** A sealed block: what {@code GetBlockByNum2} and {@code GetTransactionInfoByBlockNum} answer for it. */
    public record Block(BlockExtention block, TransactionInfoList infos, List<Tx> transactions) {
        public long number() {
            return block.getBlockHeader().getRawData().getNumber();
        }

        String hash() {
            return HexFormat.of().formatHex(block.getBlockid().toByteArray());
        }

        public ByteString id() {
            return block.getBlockid();
        }

        public List<ChainTransfer> usdtTransfers() {
            return transactions.stream().flatMap(tx -> tx.usdtTransfers().stream()).toList();
        }
    }

    // ---- transactions -------------------------------------------------------------------------------------------

    /** A customer's wallet calls USDT {@code transfer(to, value)}: one Transfer log, index 0. */
    public Tx usdtTransfer(String from, String to, BigInteger value) {
        Transaction transaction = trigger(from, USDT, transferCall(to, value), 0);
        TransactionInfo.Builder info = contractInfo(USDT, contractResult.SUCCESS)
                .addContractResult(SUCCESS_WORD)
                .addLog(transferLog(USDT, from, to, value));
        return tx(transaction, info, List.of(expected(transaction, 0, from, to, value, true)));
    }

    /** Zero-value {@code transferFrom} spam: succeeds (an allowance of 0 covers 0) and logs a 0 transfer. */
    Tx zeroValueTransferFrom(String spoofedFrom, String to) {
        String caller = account();
        Transaction transaction = trigger(caller, USDT, transferFromCall(spoofedFrom, to, BigInteger.ZERO), 0);
        TransactionInfo.Builder info = contractInfo(USDT, contractResult.SUCCESS)
                .addContractResult(SUCCESS_WORD)
                .addLog(transferLog(USDT, spoofedFrom, to, BigInteger.ZERO));
        return tx(transaction, info, List.of(expected(transaction, 0, spoofedFrom, to, BigInteger.ZERO, true)));
    }

    /**
     * A swap through a router that pays USDT out of its pair to {@code to}: the pair's Sync log, then the USDT
     * Transfer (log index 1), then the pair's Swap log.
     */
    Tx usdtThroughRouter(String to, BigInteger value) {
        String trader = account();
        String pair = account();
        byte[] data = concat(hex("7ff36ab5").toByteArray(), word(value).toByteArray(), word(BigInteger.ZERO)
                .toByteArray());
        Transaction transaction = trigger(trader, ROUTER, data, 250_000_000L);
        TransactionInfo.Builder info = contractInfo(ROUTER, contractResult.SUCCESS)
                .addLog(otherLog(pair, SYNC_TOPIC))
                .addLog(transferLog(USDT, pair, to, value))
                .addLog(otherLog(pair, SWAP_TOPIC, addressTopic(ROUTER), addressTopic(to)))
                .addInternalTransactions(org.tron.trident.proto.Response.InternalTransaction.newBuilder()
                        .setCallerAddress(address(ROUTER)).setTransferToAddress(address(pair))
                        .setNote(ByteString.copyFromUtf8("call")));
        return tx(transaction, info, List.of(expected(transaction, 1, pair, to, value, true)));
    }

    /** A transfer of the lookalike "USDT" contract: a Transfer log of a contract that is not configured. */
    Tx lookalikeTransfer(String from, String to, BigInteger value) {
        Transaction transaction = trigger(from, LOOKALIKE_USDT, transferCall(to, value), 0);
        TransactionInfo.Builder info = contractInfo(LOOKALIKE_USDT, contractResult.SUCCESS)
                .addContractResult(SUCCESS_WORD)
                .addLog(transferLog(LOOKALIKE_USDT, from, to, value));
        return tx(transaction, info, List.of());
    }

    /**
     * A USDT {@code transfer} that failed ({@code REVERT}: e.g. more than the balance; {@code OUT_OF_ENERGY}: too low a
     * fee limit). It sits in the block and paid its fee, but like every failed TVM call keeps no logs; the client
     * reads the attempted transfer from the call data (log index 0).
     */
    Tx failedUsdtTransfer(String from, String to, BigInteger value, contractResult reason) {
        Transaction transaction = trigger(from, USDT, transferCall(to, value), reason);
        TransactionInfo.Builder info = contractInfo(USDT, reason)
                .setResult(TransactionInfo.code.FAILED)
                .setResMessage(ByteString.copyFromUtf8(reason == contractResult.REVERT ? "REVERT opcode executed"
                        : "Not enough energy for 'SSTORE' operation executing"));
        return tx(transaction, info, List.of(expected(transaction, 0, from, to, value, false)));
    }

    /** A TRX transfer ({@code TransferContract}): no contract code runs, no logs. */
    Tx trxTransfer(String from, String to, long sun) {
        Transaction transaction = transaction(ContractType.TransferContract, TransferContract.newBuilder()
                .setOwnerAddress(address(from)).setToAddress(address(to)).setAmount(sun).build(), 0,
                contractResult.SUCCESS);
        TransactionInfo.Builder info = TransactionInfo.newBuilder()
                .setReceipt(ResourceReceipt.newBuilder().setNetUsage(268));
        return tx(transaction, info, List.of());
    }

    private Tx staking() {
        String owner = account();
        Transaction transaction;
        switch (random.nextInt(3)) {
            case 0 -> transaction = transaction(ContractType.FreezeBalanceV2Contract, FreezeBalanceV2Contract
                    .newBuilder().setOwnerAddress(address(owner))
                    .setFrozenBalance(1_000_000L * (1 + random.nextInt(5000)))
                    .setResource(ResourceCode.ENERGY).build(), 0, contractResult.SUCCESS);
            case 1 -> transaction = transaction(ContractType.DelegateResourceContract, DelegateResourceContract
                    .newBuilder().setOwnerAddress(address(owner)).setResource(ResourceCode.ENERGY)
                    .setBalance(1_000_000L * (1 + random.nextInt(100_000))).setReceiverAddress(address(account()))
                    .build(), 0, contractResult.SUCCESS);
            default -> transaction = transaction(ContractType.VoteWitnessContract, VoteWitnessContract.newBuilder()
                    .setOwnerAddress(address(owner)).addVotes(VoteWitnessContract.Vote.newBuilder()
                            .setVoteAddress(address(account())).setVoteCount(1 + random.nextInt(10_000)))
                    .build(), 0, contractResult.SUCCESS);
        }
        return tx(transaction, TransactionInfo.newBuilder().setReceipt(ResourceReceipt.newBuilder().setNetUsage(280)),
                  List.of());
    }

    /** A transaction of the everyday mix, to addresses nobody watches. */
    Tx background() {
        int dice = random.nextInt(100);
        if (dice < 55) {
            return usdtTransfer(account(), account(), usdt());
        }
        if (dice < 80) {
            return trxTransfer(account(), account(), 1_000_000L * (1 + random.nextInt(50_000)));
        }
        if (dice < 86) {
            return usdtThroughRouter(account(), usdt());
        }
        if (dice < 91) {
            return lookalikeTransfer(account(), account(), usdt());
        }
        if (dice < 97) {
            return staking();
        }
        return failedUsdtTransfer(account(), account(), usdt(),
                                  random.nextBoolean() ? contractResult.REVERT : contractResult.OUT_OF_ENERGY);
    }

    // ---- blocks -------------------------------------------------------------------------------------------------

    /** A mainnet-sized block: {@code planted} at random positions among everyday transactions. */
    public Block block(long number, ByteString parentId, List<Tx> planted) {
        return block(number, parentId, planted, GENESIS.plusSeconds(3 * number));
    }

    /** The same, at {@code at}. */
    public Block block(long number, ByteString parentId, List<Tx> planted, Instant at) {
        List<Tx> transactions = new ArrayList<>();
        for (int i = planted.size(); i < TRANSACTIONS_PER_BLOCK; i++) {
            transactions.add(background());
        }
        for (Tx tx : planted) {
            transactions.add(random.nextInt(transactions.size() + 1), tx);
        }
        return seal(number, parentId, transactions, at);
    }

    /** Seals transactions into a block on {@code parentId}: header, block id, and the infos in transaction order. */
    Block seal(long number, ByteString parentId, List<Tx> transactions) {
        return seal(number, parentId, transactions, GENESIS.plusSeconds(3 * number));
    }

    /** The same, at {@code at}. */
    Block seal(long number, ByteString parentId, List<Tx> transactions, Instant at) {
        long time = at.toEpochMilli();
        MessageDigest trie = sha256();
        transactions.forEach(tx -> trie.update(tx.transaction().getTxid().toByteArray()));
        BlockHeader.raw header = BlockHeader.raw.newBuilder()
                .setNumber(number)
                .setTimestamp(time)
                .setParentHash(parentId)
                .setTxTrieRoot(ByteString.copyFrom(trie.digest()))
                .setWitnessAddress(address(account()))
                .setVersion(32)
                .build();
        byte[] id = sha256().digest(header.toByteArray());
        System.arraycopy(ByteBuffer.allocate(8).putLong(number).array(), 0, id, 0, 8);
        BlockExtention.Builder block = BlockExtention.newBuilder()
                .setBlockHeader(BlockHeader.newBuilder().setRawData(header).setWitnessSignature(bytes(65)))
                .setBlockid(ByteString.copyFrom(id));
        TransactionInfoList.Builder infos = TransactionInfoList.newBuilder();
        for (Tx tx : transactions) {
            block.addTransactions(tx.transaction());
            infos.addTransactionInfo(tx.info().toBuilder().setBlockNumber(number).setBlockTimeStamp(time));
        }
        return new Block(block.build(), infos.build(), List.copyOf(transactions));
    }

    /** The genesis-like parent of block 1. */
    public static ByteString genesisId() {
        return ByteString.copyFrom(new byte[32]);
    }

    // ---- parts --------------------------------------------------------------------------------------------------

    /** A fresh account's base58 address. */
    public String account() {
        byte[] id = new byte[21];
        random.nextBytes(id);
        id[0] = TronAddresses.PREFIX;
        String address = TronAddresses.toBase58(id);
        RAW.put(address, id);
        return address;
    }

    /** A plausible USDT amount: 1 to 5 000 USDT with cents, in base units. */
    private BigInteger usdt() {
        return BigInteger.valueOf((1 + random.nextInt(500_000)) * 10_000L);
    }

    private Transaction trigger(String from, String contract, byte[] data, long callValue) {
        return trigger(from, contract, data, contractResult.SUCCESS, callValue);
    }

    private Transaction trigger(String from, String contract, byte[] data, contractResult result) {
        return trigger(from, contract, data, result, 0);
    }

    private Transaction trigger(String from, String contract, byte[] data, contractResult result, long callValue) {
        return transaction(ContractType.TriggerSmartContract, TriggerSmartContract.newBuilder()
                .setOwnerAddress(address(from)).setContractAddress(address(contract)).setCallValue(callValue)
                .setData(ByteString.copyFrom(data)).build(), 100_000_000L, result);
    }

    private Transaction transaction(ContractType type, Message parameter, long feeLimit, contractResult result) {
        long now = GENESIS.toEpochMilli() + random.nextInt(1_000_000);
        Transaction.raw.Builder raw = Transaction.raw.newBuilder()
                .setRefBlockBytes(bytes(2))
                .setRefBlockHash(bytes(8))
                .setExpiration(now + 60_000)
                .setTimestamp(now)
                .addContract(Transaction.Contract.newBuilder().setType(type).setParameter(Any.pack(parameter)));
        if (feeLimit > 0) {
            raw.setFeeLimit(feeLimit);
        }
        return Transaction.newBuilder()
                .setRawData(raw)
                .addSignature(bytes(65))
                .addRet(Transaction.Result.newBuilder().setContractRet(result))
                .build();
    }

    private Tx tx(Transaction transaction, TransactionInfo.Builder info, List<ChainTransfer> usdtTransfers) {
        ByteString id = ByteString.copyFrom(sha256().digest(transaction.getRawData().toByteArray()));
        TransactionExtention extention = TransactionExtention.newBuilder()
                .setTransaction(transaction)
                .setTxid(id)
                .setResult(TransactionReturn.newBuilder().setResult(true))
                .build();
        info.setId(id).setFee(info.getReceipt().getResult() == contractResult.DEFAULT ? 0 : 345_000 + random
                .nextInt(10_000_000));
        // A value beyond a long is skipped by the client: nothing expected of it.
        return new Tx(extention, info.build(), usdtTransfers.stream().filter(t -> t.amount() != null).toList());
    }

    private TransactionInfo.Builder contractInfo(String contract, contractResult result) {
        return TransactionInfo.newBuilder()
                .setContractAddress(address(contract))
                .setReceipt(ResourceReceipt.newBuilder()
                        .setEnergyUsageTotal(result == contractResult.SUCCESS ? 14_650 + random.nextInt(15_000)
                                                                              : 64_285)
                        .setEnergyFee(result == contractResult.SUCCESS ? 0 : 6_428_500)
                        .setNetUsage(345)
                        .setResult(result));
    }

    private static ChainTransfer expected(Transaction transaction, int logIndex, String from, String to,
                                          BigInteger value, boolean succeeded) {
        String hash = HexFormat.of().formatHex(sha256().digest(transaction.getRawData().toByteArray()));
        return new ChainTransfer(Chain.TRON, hash, logIndex, USDT, from, to,
                                 value.bitLength() > 63 ? null : TokenAmount.ofBaseUnits(Asset.USDT, value.longValue()),
                                 succeeded);
    }

    /** A Transfer log as nodes send it: 20-byte contract id, from and to left-padded to 32 bytes, the value word. */
    static TransactionInfo.Log transferLog(String contract, String from, String to, BigInteger value) {
        return TransactionInfo.Log.newBuilder()
                .setAddress(accountId(contract))
                .addTopics(TRANSFER_TOPIC)
                .addTopics(addressTopic(from))
                .addTopics(addressTopic(to))
                .setData(word(value))
                .build();
    }

    private TransactionInfo.Log otherLog(String contract, ByteString... topics) {
        TransactionInfo.Log.Builder log = TransactionInfo.Log.newBuilder().setAddress(accountId(contract));
        for (ByteString topic : topics) {
            log.addTopics(topic);
        }
        return log.setData(ByteString.copyFrom(concat(bytes(32).toByteArray(), bytes(32).toByteArray()))).build();
    }

    static byte[] transferCall(String to, BigInteger value) {
        return concat(Trc20Transfer.TRANSFER_SELECTOR.toByteArray(), addressTopic(to).toByteArray(),
                      word(value).toByteArray());
    }

    static byte[] transferFromCall(String from, String to, BigInteger value) {
        return concat(Trc20Transfer.TRANSFER_FROM_SELECTOR.toByteArray(), addressTopic(from).toByteArray(),
                      addressTopic(to).toByteArray(), word(value).toByteArray());
    }

    static ByteString addressTopic(String address) {
        byte[] topic = new byte[32];
        accountId(address).copyTo(topic, 12);
        return ByteString.copyFrom(topic);
    }

    /** A uint256 word; values of up to 256 bits. */
    static ByteString word(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] word = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, word, 32 - length, length);
        return ByteString.copyFrom(word);
    }

    static ByteString address(String base58) {
        return ByteString.copyFrom(RAW.computeIfAbsent(base58, TronAddresses::fromBase58));
    }

    private static ByteString accountId(String base58) {
        return address(base58).substring(1);
    }

    private ByteString bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return ByteString.copyFrom(bytes);
    }

    private static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            buffer.put(part);
        }
        return buffer.array();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

}
