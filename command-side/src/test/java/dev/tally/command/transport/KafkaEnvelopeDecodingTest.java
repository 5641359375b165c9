package dev.tally.command.transport;

import dev.tally.kernel.chain.ConfirmationsObserved;
import dev.tally.kernel.chain.TransferFailed;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.chain.TransferOrphaned;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The wire contract: JSON exactly as the chain watcher's ObservationEnvelope writes it. */
class KafkaEnvelopeDecodingTest {
    static final String TX = "0xab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12cd34ef56ab12";
    static final String PID = "ethereum:" + TX + ":3";

    private final ObservationDecoder decoder = new ObservationDecoder();

    @Test
    void decodesTransferObserved() {
        String json = """
                {"type":"TransferObserved","paymentId":"%s","observation":{"chain":"ethereum","txHash":"%s",
                 "logIndex":3,"tokenContract":"0xdAC17F958D2ee523a2206206994597C13D831ec7",
                 "from":"0x1111111111111111111111111111111111111111","to":"0x2222222222222222222222222222222222222222",
                 "amount":{"asset":"USDT","baseUnits":1500000},"blockNumber":19000000,"blockHash":"0xbeef",
                 "observedAt":"2026-01-02T03:04:05.123Z","someFutureField":42}}
                """.formatted(PID, TX);

        assertThat(decoder.decode(json)).isEqualTo(new TransferObserved(Chain.ETHEREUM, TX, 3,
                "0xdAC17F958D2ee523a2206206994597C13D831ec7", "0x1111111111111111111111111111111111111111",
                "0x2222222222222222222222222222222222222222", TokenAmount.ofBaseUnits(Asset.USDT, 1_500_000),
                19_000_000L, "0xbeef", Instant.parse("2026-01-02T03:04:05.123Z")));
    }

    @Test
    void decodesTheBlockTimeOfATransfer() {
        String json = """
                {"type":"TransferObserved","paymentId":"%s","observation":{"chain":"ethereum","txHash":"%s",
                 "logIndex":3,"tokenContract":"c","from":"f","to":"t","amount":{"asset":"USDT","baseUnits":1},
                 "blockNumber":7,"blockHash":"0xbeef","blockTime":"2026-01-02T02:40:00Z",
                 "observedAt":"2026-01-02T03:04:05Z"}}
                """.formatted(PID, TX);
        TransferObserved seen = (TransferObserved) decoder.decode(json);
        assertThat(seen.blockTime()).isEqualTo(Instant.parse("2026-01-02T02:40:00Z"));
        assertThat(seen.paidAt()).isEqualTo(seen.blockTime());
    }

    @Test
    void aTransferWrittenWithoutBlockTimeIsPaidWhenObserved() {
        String json = """
                {"type":"TransferObserved","paymentId":"%s","observation":{"chain":"ethereum","txHash":"%s",
                 "logIndex":3,"tokenContract":"c","from":"f","to":"t","amount":{"asset":"USDT","baseUnits":1},
                 "blockNumber":7,"blockHash":"0xbeef","observedAt":"2026-01-02T03:04:05Z"}}
                """.formatted(PID, TX);
        TransferObserved seen = (TransferObserved) decoder.decode(json);
        assertThat(seen.blockTime()).isNull();
        assertThat(seen.paidAt()).isEqualTo(Instant.parse("2026-01-02T03:04:05Z"));
    }

    @Test
    void decodesMempoolTransferWithNullBlock() {
        String json = """
                {"type":"TransferObserved","paymentId":"%s","observation":{"chain":"ethereum","txHash":"%s",
                 "logIndex":3,"tokenContract":"c","from":"f","to":"t","amount":{"asset":"USDT","baseUnits":1},
                 "blockNumber":null,"blockHash":null,"observedAt":"2026-01-02T03:04:05Z"}}
                """.formatted(PID, TX);
        TransferObserved seen = (TransferObserved) decoder.decode(json);
        assertThat(seen.blockNumber()).isNull();
        assertThat(seen.paymentId()).isEqualTo(PaymentId.of(PID));
    }

    @Test
    void decodesTheOtherThreeTypes() {
        assertThat(decoder.decode("""
                {"type":"ConfirmationsObserved","paymentId":"%s","observation":{"paymentId":"%s","blockHash":"0xbeef",
                 "confirmations":12,"observedAt":"2026-01-02T03:04:05Z"}}""".formatted(PID, PID)))
                .isEqualTo(new ConfirmationsObserved(PaymentId.of(PID), "0xbeef", 12,
                        Instant.parse("2026-01-02T03:04:05Z")));
        assertThat(decoder.decode("""
                {"type":"TransferFailed","paymentId":"%s","observation":{"paymentId":"%s","reason":"reverted",
                 "observedAt":"2026-01-02T03:04:05Z"}}""".formatted(PID, PID)))
                .isEqualTo(new TransferFailed(PaymentId.of(PID), "reverted", Instant.parse("2026-01-02T03:04:05Z")));
        assertThat(decoder.decode("""
                {"type":"TransferOrphaned","paymentId":"%s","observation":{"paymentId":"%s","blockHash":"0xbeef",
                 "observedAt":"2026-01-02T03:04:05Z"}}""".formatted(PID, PID)))
                .isEqualTo(new TransferOrphaned(PaymentId.of(PID), "0xbeef", Instant.parse("2026-01-02T03:04:05Z")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "not json",
            "[1,2]",
            "{\"type\":\"dev.tally.kernel.chain.TransferFailed\",\"observation\":{}}",
            "{\"type\":\"TransferFailed\"}",
            "{\"type\":\"TransferFailed\",\"observation\":{\"paymentId\":\"nope\",\"reason\":\"r\",\"observedAt\":\"2026-01-02T03:04:05Z\"}}",
            "{\"type\":\"TransferFailed\",\"observation\":{\"reason\":\"r\",\"observedAt\":\"2026-01-02T03:04:05Z\"}}",
            "{\"type\":\"TransferFailed\",\"observation\":{\"paymentId\":\"" + PID + "\",\"reason\":\"r\"}}",
            "{\"type\":\"ConfirmationsObserved\",\"observation\":{\"paymentId\":\"" + PID + "\",\"blockHash\":\"b\",\"observedAt\":\"2026-01-02T03:04:05Z\"}}",
            "{\"type\":\"TransferFailed\",\"paymentId\":\"tron:abcdef0123:1\",\"observation\":{\"paymentId\":\"" + PID + "\",\"reason\":\"r\",\"observedAt\":\"2026-01-02T03:04:05Z\"}}",
    })
    void rejectsMalformedValues(String value) {
        assertThatThrownBy(() -> decoder.decode(value)).isInstanceOf(MalformedObservationException.class);
    }
}
