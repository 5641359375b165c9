package dev.tally.watcher.evm;

import java.io.IOException;
import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.signing.TransferDraft;
import dev.tally.watcher.send.ChainSender;

import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthGetTransactionCount;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.utils.Numeric;

/**
 * The live sender's view of an EVM node (JSON-RPC): the hot wallet's next nonce (its pending count, or more when
 * transactions of its own are still to be handed over), EIP-1559 fees of the moment (twice the base fee plus the
 * node's suggested tip), and a gas limit enough for a token transfer.
 */
public class EvmSender implements ChainSender {
    /** A USDT transfer takes about 63 000 gas on Ethereum; room to spare, refunded when unused. */
    static final BigInteger GAS_LIMIT = BigInteger.valueOf(120_000);

    private final Web3j web3j;
    private final String node;
    private volatile Long chainId;

    public EvmSender(String url) {
        this.web3j = Web3j.build(new HttpService(url));
        this.node = url.replaceAll("(https?://[^/]+).*", "$1");
    }

    @Override
    public Chain chain() {
        return Chain.ETHEREUM;
    }

    @Override
    public TransferDraft draft(String from, long minNonce) {
        BigInteger pending = call(web3j.ethGetTransactionCount(from, DefaultBlockParameterName.PENDING))
                .getTransactionCount();
        BigInteger nonce = pending.max(BigInteger.valueOf(minNonce));
        EthBlock.Block latest = call(web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false)).getBlock();
        BigInteger baseFee = latest.getBaseFeePerGas() == null ? BigInteger.ZERO : latest.getBaseFeePerGas();
        BigInteger tip = call(web3j.ethMaxPriorityFeePerGas()).getMaxPriorityFeePerGas();
        return new TransferDraft.Evm(chainId(), nonce, GAS_LIMIT, tip, baseFee.multiply(BigInteger.TWO).add(tip));
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

    @Override
    public Optional<Inclusion> inclusion(String txHash) {
        Optional<TransactionReceipt> receipt = call(web3j.ethGetTransactionReceipt(txHash)).getTransactionReceipt();
        return receipt.filter(r -> r.getBlockNumber() != null)
                      .map(r -> new Inclusion(r.getBlockNumber().longValueExact(), r.isStatusOK(),
                                              NetworkFee.evm(r.getGasUsed(), Numeric.decodeQuantity(
                                                      r.getEffectiveGasPrice()))));
    }

    @Override
    public boolean nonceFinal(String from, long nonce) {
        EthGetTransactionCount answer = send(web3j.ethGetTransactionCount(from, DefaultBlockParameterName.FINALIZED));
        if (answer.hasError()) {
            return false; // a node that does not say what is final proves nothing
        }
        return answer.getTransactionCount().compareTo(BigInteger.valueOf(nonce)) > 0;
    }

    @Override
    public OptionalLong finalizedNumber() {
        EthBlock finalized = send(web3j.ethGetBlockByNumber(DefaultBlockParameterName.FINALIZED, false));
        if (finalized.hasError() || finalized.getBlock() == null) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(finalized.getBlock().getNumber().longValueExact());
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
