package dev.tally.command.funds;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.tally.kernel.funds.FundsBalance;
import dev.tally.kernel.funds.FundsCreditFinal;
import dev.tally.kernel.funds.FundsCredited;
import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.PayoutAddressChanged;
import dev.tally.kernel.funds.PayoutReserved;
import dev.tally.kernel.funds.PayoutScheduleKind;
import dev.tally.kernel.funds.PayoutScheduleSet;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A snapshot of a merchant's funds (its fields as JSON, by the event store's serializer) reads back as the same
 * state: the balances, the credits waiting for finality, the payouts known, the addresses and the schedule.
 */
class MerchantFundsSnapshotTest {
    private static final Instant NOW = Instant.parse("2026-03-14T09:20:00Z");
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");
    private static final FundsId FUNDS = FundsId.of(MERCHANT, Mode.TEST);

    /** The event store's snapshot serializer, configured as the platform configures it. */
    private final JacksonSerializer serializer = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().registerModule(new JavaTimeModule())
                                            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                                            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                                            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE))
            .build();

    private static TokenAmount usdt(String text) {
        return TokenAmount.parse(text, Asset.USDT);
    }

    @Test
    void aSnapshotReadsBackAsTheSameFunds() {
        SettlementId finalOne = SettlementId.forInvoice(InvoiceId.of("inv_3kT9pQ2mLx7vRz8w"));
        SettlementId pendingOne = SettlementId.forInvoice(InvoiceId.of("inv_9zT9pQ2mLx7vRz8w"));
        PayoutId payout = PayoutId.of("po_5mT9xQ2mLp7vRz8w");
        MerchantFunds funds = new MerchantFunds();
        funds.on(new PayoutAddressChanged(FUNDS, MERCHANT, Mode.TEST, Chain.TRON, "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy",
                                          null, NOW, NOW));
        funds.on(new FundsCredited(FUNDS, MERCHANT, Mode.TEST, finalOne, usdt("9.90"),
                                   new FundsBalance(usdt("9.90"), usdt("0"), usdt("0")), NOW));
        funds.on(new FundsCreditFinal(FUNDS, MERCHANT, Mode.TEST, finalOne, usdt("9.90"),
                                      new FundsBalance(usdt("0"), usdt("9.90"), usdt("0")), NOW));
        funds.on(new FundsCredited(FUNDS, MERCHANT, Mode.TEST, pendingOne, usdt("1.00"),
                                   new FundsBalance(usdt("1.00"), usdt("9.90"), usdt("0")), NOW));
        funds.on(new PayoutReserved(FUNDS, MERCHANT, Mode.TEST, payout, Chain.TRON,
                                    "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy", usdt("6.00"),
                                    new FundsBalance(usdt("1.00"), usdt("3.90"), usdt("6.00")), NOW,
                                    PayoutTrigger.MANUAL));
        funds.on(new PayoutScheduleSet(FUNDS, MERCHANT, Mode.TEST, Chain.TRON, PayoutScheduleKind.THRESHOLD,
                                       usdt("5.00"), null, NOW));

        SerializedObject<byte[]> snapshot = serializer.serialize(funds, byte[].class);
        MerchantFunds read = serializer.deserialize(snapshot);

        assertThat(read).usingRecursiveComparison().isEqualTo(funds);
        assertThat(read.balanceOf(Asset.USDT)).isEqualTo(new FundsBalance(usdt("1.00"), usdt("3.90"), usdt("6.00")));
        assertThat(new String(snapshot.getData())).contains("\"unfinalCredits\"").contains(pendingOne.value());
    }
}
