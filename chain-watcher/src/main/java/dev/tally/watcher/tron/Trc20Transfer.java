package dev.tally.watcher.tron;

import com.google.protobuf.ByteString;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.proto.Response.TransactionInfo;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A TRC-20 transfer as the chain records it: decoded from a {@code Transfer(address,address,uint256)} event log, or,
 * for a transaction that failed (a failed transaction keeps no logs), from the {@code transfer}/{@code transferFrom}
 * call it attempted. Addresses are base58 ({@code T...}); the value is the raw uint256 in the token's base units.
 */
record Trc20Transfer(String tokenContract, String from, String to, BigInteger value) {
    /** keccak256("Transfer(address,address,uint256)"), the event's first topic. */
    static final ByteString TRANSFER_TOPIC = hex("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
    /** First four bytes of keccak256("transfer(address,uint256)"). */
    static final ByteString TRANSFER_SELECTOR = hex("a9059cbb");
    /** First four bytes of keccak256("transferFrom(address,address,uint256)"). */
    static final ByteString TRANSFER_FROM_SELECTOR = hex("23b872dd");

    private static final int WORD = 32;
    private static final int SELECTOR = 4;

    /**
     * The transfer an event log records, or empty when the log is not a standard TRC-20 {@code Transfer}: its first
     * topic is the event's, from and to are indexed (three topics of 32 bytes) and the value is the one data word.
     * Like the TVM, an address is the last 20 bytes of its word.
     */
    static Optional<Trc20Transfer> ofLog(TransactionInfo.Log log) {
        return ofLog(log, null);
    }

    /** The same, where the caller knows the emitter's base58 address ({@code null}: encoded from the log). */
    static Optional<Trc20Transfer> ofLog(TransactionInfo.Log log, String emitter) {
        if (log.getTopicsCount() != 3 || !log.getTopics(0).equals(TRANSFER_TOPIC)
            || log.getTopics(1).size() != WORD || log.getTopics(2).size() != WORD || log.getData().size() != WORD) {
            return Optional.empty();
        }
        return Optional.of(new Trc20Transfer(emitter != null ? emitter : TronAddresses.toBase58(log.getAddress()),
                                             addressOf(log.getTopics(1).toByteArray()),
                                             addressOf(log.getTopics(2).toByteArray()),
                                             new BigInteger(1, log.getData().toByteArray())));
    }

    /**
     * The transfer a contract call attempts, or empty when the call is neither {@code transfer(address,uint256)} nor
     * {@code transferFrom(address,address,uint256)} with well-formed arguments. The sender of {@code transfer} is the
     * caller ({@code owner_address}).
     */
    static Optional<Trc20Transfer> ofCall(TriggerSmartContract call) {
        byte[] data = call.getData().toByteArray();
        if (data.length < SELECTOR || call.getContractAddress().isEmpty() || call.getOwnerAddress().isEmpty()) {
            return Optional.empty();
        }
        ByteString selector = ByteString.copyFrom(data, 0, SELECTOR);
        String contract;
        try {
            contract = TronAddresses.toBase58(call.getContractAddress());
            if (selector.equals(TRANSFER_SELECTOR) && data.length == SELECTOR + 2 * WORD) {
                return Optional.of(new Trc20Transfer(contract, TronAddresses.toBase58(call.getOwnerAddress()),
                                                     addressOf(word(data, 0)), new BigInteger(1, word(data, 1))));
            }
            if (selector.equals(TRANSFER_FROM_SELECTOR) && data.length == SELECTOR + 3 * WORD) {
                return Optional.of(new Trc20Transfer(contract, addressOf(word(data, 0)), addressOf(word(data, 1)),
                                                     new BigInteger(1, word(data, 2))));
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // an owner or contract address that is not one: not a transfer we can read
        }
        return Optional.empty();
    }

    private static byte[] word(byte[] callData, int index) {
        int start = SELECTOR + index * WORD;
        return Arrays.copyOfRange(callData, start, start + WORD);
    }

    private static String addressOf(byte[] word) {
        return TronAddresses.toBase58(TronAddresses.accountIdOfWord(word));
    }

    private static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }
}
