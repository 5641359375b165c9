package dev.tally.watcher.tron;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.signing.TransferDraft;
import dev.tally.watcher.chain.ChainEndpoint;
import dev.tally.watcher.send.ChainSender;
import dev.tally.watcher.send.EnergyDelegation;

import org.tron.trident.api.GrpcAPI.AccountAddressMessage;
import org.tron.trident.api.GrpcAPI.BytesMessage;
import org.tron.trident.api.GrpcAPI.CanDelegatedMaxSizeRequestMessage;
import org.tron.trident.api.GrpcAPI.EmptyMessage;
import org.tron.trident.api.WalletGrpc;
import org.tron.trident.api.WalletSolidityGrpc;
import org.tron.trident.proto.Chain.Transaction;
import org.tron.trident.proto.Common;
import org.tron.trident.proto.Contract.DelegateResourceContract;
import org.tron.trident.proto.Contract.TransferContract;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.proto.Contract.UnDelegateResourceContract;
import org.tron.trident.proto.Response.AccountResourceMessage;
import org.tron.trident.proto.Response.BlockExtention;
import org.tron.trident.proto.Response.DelegatedResource;
import org.tron.trident.proto.Response.DelegatedResourceMessage;
import org.tron.trident.proto.Response.ChainParameters;
import org.tron.trident.proto.Response.TransactionExtention;
import org.tron.trident.proto.Response.TransactionInfo;
import org.tron.trident.proto.Response.TransactionReturn;

/**
 * The live sender's view of a Tron node (gRPC, trident's stubs): the node builds each transfer's unsigned
 * transaction ({@code TriggerContract}: reference block, expiration, fee limit), which the signer checks and signs;
 * signed bytes are handed over with {@code BroadcastTransaction}; where they landed and what they cost comes from
 * {@code GetTransactionInfoById}, finality from {@code WalletSolidity}. Tron has no nonces: a transaction that no
 * block holds is provably dead once the solidified block is later than its expiration (no block can take it any
 * more). The fee is what the network burned for it (energy and bandwidth not covered by the account's own or
 * delegated resources), in TRX.
 */
public class TronSender implements ChainSender, EnergyDelegation, AutoCloseable {
    /** The most TRX a transfer may burn for energy: 100 TRX, in SUN. */
    static final long FEE_LIMIT = 100_000_000L;
    /** The spare energy price a sweep's TRX allows for, in per cent: the price may rise before it is mined. */
    static final int ENERGY_HEADROOM_PERCENT = 10;
    /** The bandwidth a token transfer uses at most, in bytes (a signed TRC-20 transfer is about 345). */
    static final int TRANSFER_BYTES = 400;
    /** How long after the head block a transaction built here expires (java-tron's default). */
    static final long EXPIRATION_MILLIS = 60_000;
    private static final HexFormat HEX = HexFormat.of();

    private final TronNode node;
    private final String tokenContract;

    /** @param tokenContract the token whose transfers it drafts */
    public TronSender(ChainEndpoint endpoint, String tokenContract) {
        this.node = new TronNode(endpoint);
        this.tokenContract = tokenContract;
    }

    @Override
    public Chain chain() {
        return Chain.TRON;
    }

    /** The node's unsigned {@code transfer(to, amount)} call of the token from {@code from}; no nonce on Tron. */
    @Override
    public TransferDraft draft(String from, long minNonce, String to, TokenAmount amount) {
        TriggerSmartContract call = TriggerSmartContract.newBuilder()
                .setOwnerAddress(ByteString.copyFrom(TronAddresses.fromBase58(from)))
                .setContractAddress(ByteString.copyFrom(TronAddresses.fromBase58(tokenContract)))
                .setData(ByteString.copyFrom(transferCall(to, BigInteger.valueOf(amount.baseUnits()))))
                .build();
        TransactionExtention built = call("TriggerContract", () -> wallet().triggerContract(call));
        if (!built.getResult().getResult() || !built.hasTransaction()) {
            throw new TronNodeException(describe() + ": TriggerContract refused: " + built.getResult().getCode() + " "
                                        + built.getResult().getMessage().toStringUtf8());
        }
        Transaction.raw raw = built.getTransaction().getRawData().toBuilder().setFeeLimit(FEE_LIMIT).build();
        return new TransferDraft.Tron(HEX.formatHex(raw.toByteArray()));
    }

    @Override
    public void broadcast(String rawTransaction) {
        Transaction transaction;
        try {
            transaction = Transaction.parseFrom(HEX.parseHex(rawTransaction));
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new TronNodeException(describe() + ": not a signed Tron transaction: " + e.getMessage());
        }
        TransactionReturn answer = call("BroadcastTransaction", () -> wallet().broadcastTransaction(transaction));
        if (answer.getResult() || answer.getCode() == TransactionReturn.response_code.DUP_TRANSACTION_ERROR) {
            return; // taken, or held already: where it is, inclusion() tells
        }
        throw new TronNodeException(describe() + ": BroadcastTransaction refused: " + answer.getCode() + " "
                                    + answer.getMessage().toStringUtf8());
    }

    @Override
    public Optional<String> wouldFail(String rawTransaction) {
        Transaction transaction;
        TriggerSmartContract call;
        try {
            transaction = Transaction.parseFrom(HEX.parseHex(rawTransaction));
            Transaction.raw raw = transaction.getRawData();
            if (raw.getContractCount() == 1
                && raw.getContract(0).getType() != Transaction.Contract.ContractType.TriggerSmartContract) {
                // A TRX transfer or a delegation runs no code: the node refuses one its owner cannot make.
                return Optional.empty();
            }
            call = transaction.getRawData().getContract(0).getParameter().unpack(TriggerSmartContract.class);
        } catch (InvalidProtocolBufferException | IllegalArgumentException | IndexOutOfBoundsException e) {
            return Optional.of("it is not a contract call: " + e.getMessage());
        }
        TransactionExtention run = call("TriggerConstantContract", () -> wallet().triggerConstantContract(call));
        boolean reverted = reverted(run);
        if (!run.getResult().getResult() || reverted) {
            return Optional.of("it would fail on chain now: " + (reverted
                    ? run.getTransaction().getRet(0).getContractRet().name() : run.getResult().getCode().name())
                               + " " + run.getResult().getMessage().toStringUtf8());
        }
        return Optional.empty();
    }

    @Override
    public Optional<Inclusion> inclusion(String txHash) {
        BytesMessage id = BytesMessage.newBuilder().setValue(ByteString.copyFrom(HEX.parseHex(txHash))).build();
        TransactionInfo info = call("GetTransactionInfoById", () -> wallet().getTransactionInfoById(id));
        if (info.getBlockNumber() <= 0) {
            return Optional.empty();
        }
        // A contract call's outcome is its receipt's; a TRX transfer has none (DEFAULT), and fails only as a whole.
        Transaction.Result.contractResult result = info.getReceipt().getResult();
        boolean succeeded = result == Transaction.Result.contractResult.DEFAULT
                ? info.getResult() != TransactionInfo.code.FAILED
                : result == Transaction.Result.contractResult.SUCCESS;
        return Optional.of(new Inclusion(info.getBlockNumber(), succeeded, NetworkFee.tron(info.getFee())));
    }

    /** Dead when no block holds it and the solidified block is later than its expiration. */
    @Override
    public boolean dead(String from, long nonce, String rawTransaction, String txHash) {
        long expiration;
        try {
            expiration = Transaction.parseFrom(HEX.parseHex(rawTransaction)).getRawData().getExpiration();
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            return false;
        }
        BlockExtention solid = call("WalletSolidity.GetNowBlock2",
                                    () -> walletSolidity().getNowBlock2(EmptyMessage.getDefaultInstance()));
        return solid.hasBlockHeader() && solid.getBlockHeader().getRawData().getTimestamp() > expiration
               && inclusion(txHash).isEmpty();
    }

    @Override
    public OptionalLong finalizedNumber() {
        BlockExtention solid = call("WalletSolidity.GetNowBlock2",
                                    () -> walletSolidity().getNowBlock2(EmptyMessage.getDefaultInstance()));
        return OptionalLong.of(solid.hasBlockHeader() ? solid.getBlockHeader().getRawData().getNumber() : 0);
    }

    /** {@code balanceOf(owner)} of the token: on the solidified state ({@code WalletSolidity}) and the newest. */
    @Override
    public TokenBalance tokenBalance(String owner) {
        TriggerSmartContract call = TriggerSmartContract.newBuilder()
                .setOwnerAddress(ByteString.copyFrom(TronAddresses.fromBase58(owner)))
                .setContractAddress(ByteString.copyFrom(TronAddresses.fromBase58(tokenContract)))
                .setData(ByteString.copyFrom(balanceOfCall(owner)))
                .build();
        BigInteger solid = word(call("WalletSolidity.TriggerConstantContract",
                                     () -> walletSolidity().triggerConstantContract(call)));
        BigInteger latest = word(call("TriggerConstantContract", () -> wallet().triggerConstantContract(call)));
        return new TokenBalance(solid, latest);
    }

    private BigInteger word(TransactionExtention answer) {
        if (!answer.getResult().getResult() || answer.getConstantResultCount() == 0) {
            throw new TronNodeException(describe() + ": balanceOf answered nothing: " + answer.getResult().getCode()
                                        + " " + answer.getResult().getMessage().toStringUtf8());
        }
        return new BigInteger(1, answer.getConstantResult(0).toByteArray());
    }

    /** What {@code address} holds of TRX now, in SUN. */
    @Override
    public BigInteger coinBalance(String address) {
        AccountAddressMessage account = AccountAddressMessage.newBuilder()
                .setAddress(ByteString.copyFrom(TronAddresses.fromBase58(address))).build();
        return BigInteger.valueOf(call("GetAccount", () -> wallet().getAccount(account)).getBalance());
    }

    /**
     * The unsigned TRX transfer of {@code sun} from {@code from} to {@code to}, built on the head block (its
     * reference, and an expiration 60 s after it) as a wallet builds one: the node has no call that drafts it.
     */
    @Override
    public TransferDraft coinTransfer(String from, String to, BigInteger sun) {
        return onHead(Transaction.Contract.ContractType.TransferContract, TransferContract.newBuilder()
                .setOwnerAddress(ByteString.copyFrom(TronAddresses.fromBase58(from)))
                .setToAddress(ByteString.copyFrom(TronAddresses.fromBase58(to)))
                .setAmount(sun.longValueExact())
                .build());
    }

    /** An unsigned transaction of one contract built on the head block (its reference, expiring 60 s after it). */
    private TransferDraft onHead(Transaction.Contract.ContractType type, Message contract) {
        BlockExtention head = call("GetNowBlock2", () -> wallet().getNowBlock2(EmptyMessage.getDefaultInstance()));
        long number = head.getBlockHeader().getRawData().getNumber();
        long time = head.getBlockHeader().getRawData().getTimestamp();
        Transaction.raw raw = Transaction.raw.newBuilder()
                .setRefBlockBytes(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(number).array(), 6, 2))
                .setRefBlockHash(head.getBlockid().substring(8, 16))
                .setExpiration(time + EXPIRATION_MILLIS)
                .setTimestamp(time)
                .addContract(Transaction.Contract.newBuilder().setType(type).setParameter(Any.pack(contract)))
                .build();
        return new TransferDraft.Tron(HEX.formatHex(raw.toByteArray()));
    }

    /**
     * The TRX a transfer of the token from {@code from} may burn now, in SUN, when the account has neither energy nor
     * bandwidth left: the energy the node says it uses at the chain's energy price, with
     * {@value #ENERGY_HEADROOM_PERCENT} % to spare, and {@value #TRANSFER_BYTES} bytes of bandwidth at its price. An
     * account short of it would not be refused: its transfer would run out of energy and burn what it holds.
     */
    @Override
    public BigInteger tokenTransferFee(String from, String to, TokenAmount amount) {
        ChainParameters parameters = chainParameters();
        BigInteger energy = BigInteger.valueOf(energyUse(from, to, amount))
                                      .multiply(BigInteger.valueOf(parameter(parameters, "getEnergyFee")))
                                      .multiply(BigInteger.valueOf(100 + ENERGY_HEADROOM_PERCENT))
                                      .divide(BigInteger.valueOf(100));
        return energy.add(bandwidthFee(parameters));
    }

    /** The energy the node says a transfer of the token uses ({@code TriggerConstantContract}). */
    @Override
    public long energyUse(String from, String to, TokenAmount amount) {
        TriggerSmartContract call = TriggerSmartContract.newBuilder()
                .setOwnerAddress(ByteString.copyFrom(TronAddresses.fromBase58(from)))
                .setContractAddress(ByteString.copyFrom(TronAddresses.fromBase58(tokenContract)))
                .setData(ByteString.copyFrom(transferCall(to, BigInteger.valueOf(amount.baseUnits()))))
                .build();
        TransactionExtention run = call("TriggerConstantContract", () -> wallet().triggerConstantContract(call));
        if (!run.getResult().getResult() || reverted(run) || run.getEnergyUsed() <= 0) {
            String answer = run.getResult().getCode() + " " + run.getResult().getMessage().toStringUtf8();
            throw new TronNodeException(describe() + ": no energy estimate for the transfer: " + answer);
        }
        return run.getEnergyUsed();
    }

    /** {@value #TRANSFER_BYTES} bytes of bandwidth at the chain's price ({@code getTransactionFee}), in SUN. */
    @Override
    public BigInteger bandwidthFee() {
        return bandwidthFee(chainParameters());
    }

    private BigInteger bandwidthFee(ChainParameters parameters) {
        return BigInteger.valueOf(TRANSFER_BYTES).multiply(BigInteger.valueOf(parameter(parameters,
                                                                                         "getTransactionFee")));
    }

    private ChainParameters chainParameters() {
        return call("GetChainParameters", () -> wallet().getChainParameters(EmptyMessage.getDefaultInstance()));
    }

    /**
     * The staked SUN that gives {@code energy} now, with {@value #ENERGY_HEADROOM_PERCENT} % to spare, in whole TRX:
     * a stake's share of the network's daily energy ({@code TotalEnergyLimit}) is its share of all TRX staked for
     * energy ({@code TotalEnergyWeight}, in TRX), as {@code GetAccountResource} tells. Empty when the owner cannot
     * delegate that much beside {@code reserved} ({@code GetCanDelegatedMaxSize}: staked for energy, not delegated,
     * not in use).
     */
    @Override
    public Optional<BigInteger> stakeFor(String owner, long energy, BigInteger reserved) {
        AccountAddressMessage account = AccountAddressMessage.newBuilder()
                .setAddress(ByteString.copyFrom(TronAddresses.fromBase58(owner))).build();
        AccountResourceMessage resources = call("GetAccountResource", () -> wallet().getAccountResource(account));
        if (resources.getTotalEnergyLimit() <= 0 || resources.getTotalEnergyWeight() <= 0) {
            throw new TronNodeException(describe() + ": no network energy totals in GetAccountResource");
        }
        BigInteger sunPerTrx = BigInteger.valueOf(1_000_000);
        BigInteger trx = BigInteger.valueOf(energy)
                                   .multiply(BigInteger.valueOf(100 + ENERGY_HEADROOM_PERCENT))
                                   .multiply(BigInteger.valueOf(resources.getTotalEnergyWeight()))
                                   .add(BigInteger.valueOf(100 * resources.getTotalEnergyLimit() - 1))
                                   .divide(BigInteger.valueOf(100 * resources.getTotalEnergyLimit()));
        BigInteger staked = trx.max(BigInteger.ONE).multiply(sunPerTrx);
        CanDelegatedMaxSizeRequestMessage request = CanDelegatedMaxSizeRequestMessage.newBuilder()
                .setOwnerAddress(account.getAddress()).setType(Common.ResourceCode.ENERGY_VALUE).build();
        long delegatable = call("GetCanDelegatedMaxSize", () -> wallet().getCanDelegatedMaxSize(request))
                .getMaxSize();
        return BigInteger.valueOf(delegatable).subtract(reserved).compareTo(staked) >= 0 ? Optional.of(staked)
                : Optional.empty();
    }

    /**
     * What {@code GetDelegatedResourceV2} says {@code owner} delegates to {@code receiver} for energy and could take
     * back now (not locked).
     */
    @Override
    public BigInteger delegatedNow(String owner, String receiver) {
        DelegatedResourceMessage pair = DelegatedResourceMessage.newBuilder()
                .setFromAddress(ByteString.copyFrom(TronAddresses.fromBase58(owner)))
                .setToAddress(ByteString.copyFrom(TronAddresses.fromBase58(receiver))).build();
        return BigInteger.valueOf(call("GetDelegatedResourceV2", () -> wallet().getDelegatedResourceV2(pair))
                                          .getDelegatedResourceList().stream()
                                          .filter(d -> d.getExpireTimeForEnergy() <= System.currentTimeMillis())
                                          .mapToLong(DelegatedResource::getFrozenBalanceForEnergy).sum());
    }

    /**
     * The unsigned {@code DelegateResourceContract}, unlocked, built on the head block: trident's wallet service
     * has no call that drafts it.
     */
    @Override
    public TransferDraft delegation(String owner, String receiver, BigInteger staked) {
        return onHead(Transaction.Contract.ContractType.DelegateResourceContract, DelegateResourceContract.newBuilder()
                .setOwnerAddress(ByteString.copyFrom(TronAddresses.fromBase58(owner)))
                .setReceiverAddress(ByteString.copyFrom(TronAddresses.fromBase58(receiver)))
                .setResource(Common.ResourceCode.ENERGY)
                .setBalance(staked.longValueExact())
                .setLock(false)
                .build());
    }

    /** The unsigned {@code UnDelegateResourceContract}, built on the head block. */
    @Override
    public TransferDraft undelegation(String owner, String receiver, BigInteger staked) {
        return onHead(Transaction.Contract.ContractType.UnDelegateResourceContract,
                      UnDelegateResourceContract.newBuilder()
                              .setOwnerAddress(ByteString.copyFrom(TronAddresses.fromBase58(owner)))
                              .setReceiverAddress(ByteString.copyFrom(TronAddresses.fromBase58(receiver)))
                              .setResource(Common.ResourceCode.ENERGY)
                              .setBalance(staked.longValueExact())
                              .build());
    }

    @Override
    public BigInteger delegated(String rawTransaction) {
        try {
            Transaction transaction = Transaction.parseFrom(HEX.parseHex(rawTransaction));
            return BigInteger.valueOf(transaction.getRawData().getContract(0).getParameter()
                                                 .unpack(DelegateResourceContract.class).getBalance());
        } catch (InvalidProtocolBufferException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new TronNodeException(describe() + ": not a signed delegation: " + e.getMessage());
        }
    }

    /** Whether a call the node ran without taking it ended other than in success. */
    private static boolean reverted(TransactionExtention run) {
        return run.getTransaction().getRetCount() > 0
               && run.getTransaction().getRet(0).getContractRet() != Transaction.Result.contractResult.SUCCESS;
    }

    private long parameter(ChainParameters parameters, String key) {
        return parameters.getChainParameterList().stream().filter(p -> key.equals(p.getKey()))
                         .mapToLong(ChainParameters.ChainParameter::getValue).findFirst()
                         .orElseThrow(() -> new TronNodeException(describe() + ": no chain parameter " + key));
    }

    /** {@code balanceOf(owner)}: the selector and the 20-byte account id in a 32-byte word. */
    static byte[] balanceOfCall(String owner) {
        byte[] data = new byte[4 + 32];
        System.arraycopy(HEX.parseHex("70a08231"), 0, data, 0, 4);
        System.arraycopy(TronAddresses.fromBase58(owner), 1, data, 4 + 12, 20);
        return data;
    }

    /** {@code transfer(to, amount)}: the selector, the 20-byte account id and the amount, each word 32 bytes. */
    static byte[] transferCall(String to, BigInteger baseUnits) {
        byte[] data = new byte[4 + 32 + 32];
        System.arraycopy(HEX.parseHex("a9059cbb"), 0, data, 0, 4);
        System.arraycopy(TronAddresses.fromBase58(to), 1, data, 4 + 12, 20);
        byte[] amount = baseUnits.toByteArray();
        int length = Math.min(amount.length, 32);
        System.arraycopy(amount, amount.length - length, data, 4 + 64 - length, length);
        return data;
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

    @Override
    public void close() {
        node.close();
    }

    @Override
    public String toString() {
        return "TronSender[" + describe() + "]";
    }
}
