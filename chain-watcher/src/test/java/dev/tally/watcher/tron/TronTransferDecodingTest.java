package dev.tally.watcher.tron;

import com.google.protobuf.ByteString;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tron.trident.proto.Contract.TriggerSmartContract;
import org.tron.trident.proto.Response.TransactionInfo;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Decoding TRC-20 transfers from logs and calls, and Tron addresses between hex and base58, on published vectors. */
class TronTransferDecodingTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String USDT = "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t";
    /** USDT's account id as a mainnet node names the emitter of its logs: 20 bytes, no 0x41. */
    private static final String USDT_LOG_ADDRESS = "a614f803b6fd780986a42c78ec9c7f77e6ded13c";

    /**
     * Published pairs: Tron's USDT contract (Tether's address; tronscan), tronweb's test account for private key 1
     * (tronweb test/helpers/config.ts), Nile testnet's USDT contract, and two further addresses published with their
     * hex forms. Checked independently against a base58check implementation.
     */
    @ParameterizedTest
    @CsvSource({
        "41a614f803b6fd780986a42c78ec9c7f77e6ded13c, TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
        "417e5f4552091a69125d5dfcb7b8c2659029395bdf, TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC",
        "41eca9bc828a3005b9a3b909f2cc5c2a54794de05f, TXYZopYRdj2D9XRtbG411XZZ3kM5VkAeBf",
        "41d3682962027e721c5247a9faf7865fe4a71d5438, TVF2Mp9QY7FEGTnr3DBpFLobA6jguHyMvi",
        "41a2726afbecbd8e936000ed684cef5e2f5cf43008, TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE"
    })
    void hexAndBase58AddressesConvertBothWays(String hex, String base58) {
        byte[] prefixed = HEX.parseHex(hex);
        assertThat(TronAddresses.toBase58(prefixed)).isEqualTo(base58);
        assertThat(TronAddresses.toBase58(ByteString.copyFrom(prefixed, 1, 20))).isEqualTo(base58);
        assertThat(TronAddresses.fromBase58(base58)).isEqualTo(prefixed);
        assertThat(TronAddresses.accountId(base58)).isEqualTo(ByteString.copyFrom(prefixed, 1, 20));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6T",
        "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj60",
        "0xdAC17F958D2ee523a2206206994597C13D831ec7",
        // valid base58check with the wrong prefix byte (a Bitcoin address)
        "1NS17iag9jJgTHD1VXjvLCEnZuQ3rJDE9L"
    })
    void whatIsNotATronAddressIsRefused(String address) {
        assertThatThrownBy(() -> TronAddresses.fromBase58(address)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAccountIdOfAnyOtherLengthOrPrefixIsRefused() {
        assertThatThrownBy(() -> TronAddresses.toBase58(new byte[19])).isInstanceOf(IllegalArgumentException.class);
        byte[] wrongPrefix = HEX.parseHex("a0a614f803b6fd780986a42c78ec9c7f77e6ded13c");
        assertThatThrownBy(() -> TronAddresses.toBase58(wrongPrefix)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theEventTopicAndCallSelectorsAreKeccakOfTheirSignatures() {
        assertThat(Trc20Transfer.TRANSFER_TOPIC).isEqualTo(keccak("Transfer(address,address,uint256)"));
        assertThat(Trc20Transfer.TRANSFER_SELECTOR).isEqualTo(keccak("transfer(address,uint256)").substring(0, 4));
        assertThat(Trc20Transfer.TRANSFER_FROM_SELECTOR)
                .isEqualTo(keccak("transferFrom(address,address,uint256)").substring(0, 4));
    }

    /** A USDT Transfer log in the form mainnet nodes send: 20-byte emitter, padded address topics, one value word. */
    @Test
    void aUsdtTransferLogDecodesToBase58AddressesAndBaseUnits() {
        TransactionInfo.Log log = TransactionInfo.Log.newBuilder()
                .setAddress(bytes(USDT_LOG_ADDRESS))
                .addTopics(bytes("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"))
                .addTopics(bytes("000000000000000000000000a2726afbecbd8e936000ed684cef5e2f5cf43008"))
                .addTopics(bytes("0000000000000000000000007e5f4552091a69125d5dfcb7b8c2659029395bdf"))
                .setData(bytes("000000000000000000000000000000000000000000000000000000001dcd6500"))
                .build();

        assertThat(Trc20Transfer.ofLog(log)).contains(new Trc20Transfer(
                USDT, "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE", "TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC",
                BigInteger.valueOf(500_000_000))); // 500 USDT
    }

    @Test
    void otherEventsAndMalformedTransfersAreNotTransfers() {
        TransactionInfo.Log transfer = MainnetShapedBlocks.transferLog(USDT, "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE",
                "TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC", BigInteger.TEN);
        assertThat(Trc20Transfer.ofLog(transfer)).isPresent();

        // Approval(address,address,uint256) has the same shape under another topic.
        assertThat(Trc20Transfer.ofLog(transfer.toBuilder()
                .setTopics(0, keccak("Approval(address,address,uint256)")).build())).isEmpty();
        // A TRC-721 Transfer indexes the token id too: four topics, no data.
        assertThat(Trc20Transfer.ofLog(transfer.toBuilder().addTopics(bytes("00".repeat(31) + "07"))
                .setData(ByteString.EMPTY).build())).isEmpty();
        // Non-indexed from/to (an old token style): one topic, three words of data.
        assertThat(Trc20Transfer.ofLog(TransactionInfo.Log.newBuilder().setAddress(transfer.getAddress())
                .addTopics(transfer.getTopics(0)).setData(transfer.getData().concat(transfer.getData())
                        .concat(transfer.getData())).build())).isEmpty();
        assertThat(Trc20Transfer.ofLog(transfer.toBuilder().setData(transfer.getData().substring(1)).build()))
                .isEmpty();
    }

    @Test
    void aValueOfTheFullUint256RangeIsDecodedExactly() {
        TransactionInfo.Log max = MainnetShapedBlocks.transferLog(USDT, "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE",
                "TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC", BigInteger.TWO.pow(256).subtract(BigInteger.ONE));
        assertThat(Trc20Transfer.ofLog(max)).hasValueSatisfying(
                t -> assertThat(t.value()).isEqualTo(BigInteger.TWO.pow(256).subtract(BigInteger.ONE)));
    }

    /** What a failed transaction attempted, read from its call data. */
    @Test
    void transferAndTransferFromCallsDecode() {
        // transfer(TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC, 1.5 USDT) as some wallets encode it, with the 0x41 in the
        // padding: like the TVM, only the last 20 bytes are the address.
        TriggerSmartContract transfer = TriggerSmartContract.newBuilder()
                .setOwnerAddress(bytes("41a2726afbecbd8e936000ed684cef5e2f5cf43008"))
                .setContractAddress(bytes("41a614f803b6fd780986a42c78ec9c7f77e6ded13c"))
                .setData(bytes("a9059cbb"
                               + "0000000000000000000000417e5f4552091a69125d5dfcb7b8c2659029395bdf"
                               + "000000000000000000000000000000000000000000000000000000000016e360"))
                .build();
        assertThat(Trc20Transfer.ofCall(transfer)).contains(new Trc20Transfer(
                USDT, "TQn9Y2khEsLJW1ChVWFMSMeRDow5KcbLSE", "TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC",
                BigInteger.valueOf(1_500_000)));

        TriggerSmartContract transferFrom = transfer.toBuilder()
                .setData(ByteString.copyFrom(MainnetShapedBlocks.transferFromCall(
                        "TVF2Mp9QY7FEGTnr3DBpFLobA6jguHyMvi", "TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC",
                        BigInteger.valueOf(7))))
                .build();
        assertThat(Trc20Transfer.ofCall(transferFrom)).contains(new Trc20Transfer(
                USDT, "TVF2Mp9QY7FEGTnr3DBpFLobA6jguHyMvi", "TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC",
                BigInteger.valueOf(7)));
    }

    @Test
    void otherCallsAreNotTransfers() {
        TriggerSmartContract transfer = TriggerSmartContract.newBuilder()
                .setOwnerAddress(bytes("41a2726afbecbd8e936000ed684cef5e2f5cf43008"))
                .setContractAddress(bytes("41a614f803b6fd780986a42c78ec9c7f77e6ded13c"))
                .setData(ByteString.copyFrom(MainnetShapedBlocks.transferCall("TMVQGm1qAQYVdetCeGRRkTWYYrLXuHK2HC",
                                                                              BigInteger.ONE)))
                .build();
        assertThat(Trc20Transfer.ofCall(transfer)).isPresent();

        // approve(address,uint256) has transfer's shape under another selector.
        ByteString approve = keccak("approve(address,uint256)").substring(0, 4)
                .concat(transfer.getData().substring(4));
        assertThat(Trc20Transfer.ofCall(transfer.toBuilder().setData(approve).build())).isEmpty();
        assertThat(Trc20Transfer.ofCall(transfer.toBuilder().setData(transfer.getData().substring(0, 40)).build()))
                .isEmpty();
        assertThat(Trc20Transfer.ofCall(transfer.toBuilder().setData(ByteString.EMPTY).build())).isEmpty();
        assertThat(Trc20Transfer.ofCall(transfer.toBuilder().clearOwnerAddress().build())).isEmpty();
    }

    private static ByteString keccak(String signature) {
        KeccakDigest digest = new KeccakDigest(256);
        byte[] input = signature.getBytes(StandardCharsets.US_ASCII);
        digest.update(input, 0, input.length);
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return ByteString.copyFrom(out);
    }

    private static ByteString bytes(String hex) {
        return ByteString.copyFrom(HEX.parseHex(hex));
    }
}
