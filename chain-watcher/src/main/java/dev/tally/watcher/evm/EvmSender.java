package dev.tally.watcher.evm;

import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.signing.TransferDraft;
import dev.tally.watcher.send.ChainSender;

import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthGetTransactionCount;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The live sender's view of an EVM node (JSON-RPC): an address's next nonce (its pending count, or more when
 * transactions of its own are still to be handed over), EIP-1559 fees of the moment (twice the base fee plus the
 * node's suggested tip), a gas limit enough for a token transfer, and balances (the token's at the final block, for
 * sweeps; ether, for their gas).
 */
public class EvmSender implements ChainSender {
    /** A USDT transfer takes about 63 000 gas on Ethereum; room to spare, refunded when unused. */
    static final BigInteger GAS_LIMIT = BigInteger.valueOf(120_000);

    private final Web3j web3j;
    private final String node;
    private final String tokenContract;
    private volatile Long chainId;

    /** @param tokenContract the token whose final balances sweeps read */
    public EvmSender(String url, String tokenContract) {
        this.web3j = Web3j.build(new HttpService(url));
        this.node = url.replaceAll("(https?://[^/]+).*", "$1");
        this.tokenContract = tokenContract;
    }

    @Override
    public Chain chain() {
        return Chain.ETHEREUM;
    }

    @Override
    public TransferDraft draft(String from, long minNonce, String to, TokenAmount amount) {
        BigInteger pending = call(web3j.ethGetTransactionCount(from, DefaultBlockParameterName.PENDING))
                .getTransactionCount();
        return feesNow(pending.max(BigInteger.valueOf(minNonce)));
    }

    /** Fees the next block takes: twice the newest block's base fee, and the tip the node suggests. */
    private TransferDraft.Evm feesNow(BigInteger nonce) {
        EthBlock.Block latest = call(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock();
        BigInteger baseFee = latest.getBaseFeePerGas() == null ? BigInteger.ZERO : latest.getBaseFeePerGas();
        BigInteger tip = call(web3j.ethMaxPriorityFeePerGas()).getMaxPriorityFeePerGas();
        return new TransferDraft.Evm(chainId(), nonce, GAS_LIMIT, tip, baseFee.multiply(BigInteger.TWO).add(tip));
    }

    @Override
    public Optional<TransferDraft.Evm> replacementDraft(String rawTransaction) {
        RawTransaction decoded = TransactionDecoder.decode(rawTransaction);
        if (!(decoded.getTransaction() instanceof Transaction1559 eip1559)) {
            return Optional.empty();
        }
        TransferDraft.Evm stuck = new TransferDraft.Evm(eip1559.getChainId(), decoded.getNonce(),
                                                        decoded.getGasLimit(), eip1559.getMaxPriorityFeePerGas(),
                                                        eip1559.getMaxFeePerGas());
        return Optional.of(stuck.replacedAt(feesNow(decoded.getNonce())));
    }

    @Override
    public void broadcast(String rawTransaction) {
        Response<?> answer = send(web3j.ethSendRawTransaction(rawTransaction));
        if (answer.hasError()) {
            String message = answer.getError().getMessage().toLowerCase(Locale.ROOT);
            if (message.contains("already known") || message.contains("known transaction")
                || message.contains("already imported") || message.contains("nonce too low")) {
                return; // held, queued or mined already; whether it is ours, inclusion() tells
            }
            throw new EvmNodeException(node + ": eth_sendRawTransaction: " + answer.getError().getMessage());
        }
    }

    /**
     * Runs the call on the newest block's state and on the pending state, and says it would fail if either reverts:
     * the pending state counts the wallet's own transactions still to be mined, the newest block's does not count
     * money still on its way in (which a block may order after ours).
     */
    @Override
    public Optional<String> wouldFail(String rawTransaction) {
        SignedRawTransaction transaction = (SignedRawTransaction) TransactionDecoder.decode(rawTransaction);
        String from;
        try {
            from = transaction.getFrom();
        } catch (java.security.SignatureException e) {
            return Optional.of("its signature cannot be read: " + e.getMessage());
        }
        var call = org.web3j.protocol.core.methods.request.Transaction.createFunctionCallTransaction(
                from, null, null, null, transaction.getTo(), transaction.getValue(), transaction.getData());
        Optional<String> latest = wouldFail(call, DefaultBlockParameterName.LATEST);
        return latest.isPresent() ? latest : wouldFail(call, DefaultBlockParameterName.PENDING);
    }

    private Optional<String> wouldFail(org.web3j.protocol.core.methods.request.Transaction call,
                                       DefaultBlockParameterName state) {
        EthCall answer = send(web3j.ethCall(call, state));
        if (answer.hasError()) {
            String message = answer.getError().getMessage();
            if (message.toLowerCase(Locale.ROOT).contains("revert")) {
                return Optional.of("it would fail on chain now: " + message);
            }
            throw new EvmNodeException(node + ": eth_call: " + message);
        }
        return answer.isReverted() ? Optional.of("it would fail on chain now: " + answer.getRevertReason())
                : Optional.empty();
    }

    @Override
    public Optional<Inclusion> inclusion(String txHash) {
        Optional<TransactionReceipt> receipt = call(web3j.ethGetTransactionReceipt(txHash)).getTransactionReceipt();
        return receipt.filter(r -> r.getBlockNumber() != null)
                      .map(r -> new Inclusion(r.getBlockNumber().longValueExact(), r.isStatusOK(),
                                              NetworkFee.evm(r.getGasUsed(), Numeric.decodeQuantity(
                                                      r.getEffectiveGasPrice()))));
    }

    /** Dead when the hot wallet's final transaction count is past its nonce and no block holds it. */
    @Override
    public boolean dead(String from, long nonce, String rawTransaction, String txHash) {
        EthGetTransactionCount answer = send(web3j.ethGetTransactionCount(from, DefaultBlockParameterName.FINALIZED));
        if (answer.hasError()) {
            return false; // a node that does not say what is final proves nothing
        }
        return answer.getTransactionCount().compareTo(BigInteger.valueOf(nonce)) > 0 && inclusion(txHash).isEmpty();
    }

    @Override
    public OptionalLong finalizedNumber() {
        EthBlock finalized = send(web3j.ethGetBlockByNumber(DefaultBlockParameterName.FINALIZED, false));
        if (finalized.hasError() || finalized.getBlock() == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(finalized.getBlock().getNumber().longValueExact());
    }

    @Override
    public TokenBalance tokenBalance(String owner) {
        return new TokenBalance(tokenBalance(owner, DefaultBlockParameterName.FINALIZED),
                                tokenBalance(owner, DefaultBlockParameterName.LATEST));
    }

    private BigInteger tokenBalance(String owner, DefaultBlockParameterName block) {
        String data = FunctionEncoder.encode(new Function("balanceOf", List.of(new Address(owner)), List.of()));
        String value = call(web3j.ethCall(Transaction.createEthCallTransaction(null, tokenContract, data), block))
                .getValue();
        return value == null || "0x".equals(value) ? BigInteger.ZERO : Numeric.toBigInt(value);
    }

    @Override
    public BigInteger coinBalance(String address) {
        return call(web3j.ethGetBalance(address, DefaultBlockParameterName.PENDING)).getBalance();
    }

    private long chainId() {
        if (chainId == null) {
            chainId = call(web3j.ethChainId()).getChainId().longValueExact();
        }
        return chainId;
    }

    private <T extends Response<?>> T call(org.web3j.protocol.core.Request<?, T> request) {
        T answer = send(request);
        if (answer.hasError()) {
            throw new EvmNodeException(node + ": " + request.getMethod() + ": " + answer.getError().getMessage());
        }
        return answer;
    }

    private <T extends Response<?>> T send(org.web3j.protocol.core.Request<?, T> request) {
        try {
            return request.send();
        } catch (IOException e) {
            throw new EvmNodeException(node + ": " + request.getMethod() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "EvmSender[" + node + "]";
    }
}
