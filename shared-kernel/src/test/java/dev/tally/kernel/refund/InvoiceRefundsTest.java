package dev.tally.kernel.refund;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How much of an invoice may be refunded, and who gives it back: examples, then laws. */
class InvoiceRefundsTest {
    private static final SettlementId SETTLEMENT = SettlementId.forInvoice(InvoiceId.of("inv_3kT9pQ2mLx7vRz8w"));

    /** No unapplied funds waiting for finality. */
    private static final TokenAmount ALL_FINAL = TokenAmount.zero(Asset.USDT);

    private static TokenAmount usdt(String text) {
        return TokenAmount.parse(text, Asset.USDT);
    }

    private static TokenAmount units(long baseUnits) {
        return TokenAmount.ofBaseUnits(Asset.USDT, baseUnits);
    }

    private static InvoiceRefunds settled(TokenAmount gross, TokenAmount fee) {
        return InvoiceRefunds.none(Asset.USDT).settled(SETTLEMENT, gross, fee).settlementFinal();
    }

    @Test
    void anOverpaymentsExcessGivesTheFeeBackProRataRoundedDown() {
        InvoiceRefunds refunds = settled(usdt("7.00"), usdt("0.07"));
        RefundSplit split = refunds.split(usdt("2.00"), ALL_FINAL);
        assertThat(split.feeReversed()).isEqualTo(usdt("0.02"));
        assertThat(split.merchantShare()).isEqualTo(usdt("1.98"));
        // One base unit of a refund of a 1 % fee gives nothing back: the merchant gives the whole unit.
        assertThat(refunds.split(units(1), ALL_FINAL).feeReversed().isZero()).isTrue();
    }

    @Test
    void partialRefundsNeverDriftAndTheLastGivesTheRestOfTheFeeBack() {
        InvoiceRefunds refunds = settled(units(3), units(1));
        List<RefundSplit> splits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RefundSplit split = refunds.split(units(1), ALL_FINAL);
            splits.add(split);
            refunds = refunds.hold("rf_" + i, split);
        }
        assertThat(splits).extracting(s -> s.feeReversed().baseUnits()).containsExactly(0L, 0L, 1L);
        assertThat(refunds.refundable().isZero()).isTrue();
        assertThat(refunds.feeReversed()).isEqualTo(units(1));
    }

    @Test
    void moreThanIsLeftIsRefusedNamingWhatIsLeft() {
        InvoiceRefunds refunds = settled(usdt("5.00"), usdt("0.05"));
        refunds = refunds.hold("rf_a", refunds.split(usdt("4.00"), ALL_FINAL));
        InvoiceRefunds held = refunds;
        assertThatThrownBy(() -> held.split(usdt("1.01"), ALL_FINAL)).isInstanceOf(DomainException.class)
                                                          .hasMessageContaining("1.00 USDT can be refunded now, 1.01 requested (5.00 received)");
        assertThatThrownBy(() -> held.split(usdt("0"), ALL_FINAL)).isInstanceOf(DomainException.class);
        // A released refund can be refunded again.
        assertThat(held.release("rf_a").refundable()).isEqualTo(usdt("5.00"));
        assertThat(held.release("rf_a").feeReversed().isZero()).isTrue();
        assertThat(held.release("rf_unknown")).isEqualTo(held);
    }

    @Test
    void moneyThatPaidNoInvoiceIsRefundedFirstWholeAndOnlyOnceFinal() {
        InvoiceRefunds refunds = InvoiceRefunds.none(Asset.USDT).unappliedFinal(usdt("3.00"));
        RefundSplit late = refunds.split(usdt("3.00"), ALL_FINAL);
        assertThat(late).isEqualTo(new RefundSplit(usdt("3.00"), usdt("0"), usdt("0"), usdt("3.00")));
        // Nothing settled: no more than the unapplied funds.
        InvoiceRefunds unsettled = refunds;
        assertThatThrownBy(() -> unsettled.split(usdt("3.01"), ALL_FINAL)).isInstanceOf(DomainException.class)
                .hasMessageContaining("only a settled invoice's money, and money that paid no invoice")
                .hasMessageContaining("3.00 USDT can be refunded now");
        // Settled but not final: the settled money waits.
        InvoiceRefunds notFinal = refunds.settled(SETTLEMENT, usdt("10.00"), usdt("0.10"));
        assertThatThrownBy(() -> notFinal.split(usdt("4.00"), ALL_FINAL)).isInstanceOf(DomainException.class)
                .hasMessageContaining("not final on chain yet");
        // Final: the unapplied funds first (no fee in them), then the settled money with its fee.
        RefundSplit both = notFinal.settlementFinal().split(usdt("4.00"), ALL_FINAL);
        assertThat(both).isEqualTo(new RefundSplit(usdt("4.00"), usdt("0.01"), usdt("0.99"), usdt("3.00")));
        // Money that paid no invoice and is not final yet is refunded first once final: no settled money meanwhile.
        assertThatThrownBy(() -> notFinal.settlementFinal().split(usdt("4.00"), usdt("1.00")))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("1.00 USDT that paid no invoice is not final on chain yet");
        assertThat(notFinal.settlementFinal().split(usdt("3.00"), usdt("1.00")).unappliedShare())
                .isEqualTo(usdt("3.00"));
        InvoiceRefunds held = notFinal.settlementFinal().hold("rf_a", both);
        assertThat(held.refundable()).isEqualTo(usdt("9.00"));
        assertThat(held.release("rf_a").refundable()).isEqualTo(usdt("13.00"));
    }

    /**
     * Whatever the amounts and whatever is released along the way: each refund's fee and merchant share add up to its
     * amount, neither is negative, never more than the gross is refunded nor more than the fee given back, and once
     * everything is refunded the whole fee has been given back.
     */
    @Property(tries = 300)
    void refundsInAnyOrderGiveTheWholeFeeBackExactlyOnceFullyRefunded(
            @ForAll @LongRange(min = 1, max = 1_000_000_000L) long gross,
            @ForAll @LongRange(min = 0, max = 10_000) long feeBasisPoints,
            @ForAll("steps") List<Long> steps) {
        long fee = gross * feeBasisPoints / 10_000;
        InvoiceRefunds refunds = settled(units(gross), units(fee));
        int n = 0;
        for (long step : steps) {
            String id = "rf_" + n++;
            if (step < 0 && !refunds.held().isEmpty()) {
                refunds = refunds.release(refunds.held().keySet().iterator().next()); // a cancel
                continue;
            }
            long amount = Math.min(Math.abs(step), refunds.refundable().baseUnits());
            if (amount == 0) {
                continue;
            }
            RefundSplit split = refunds.split(units(amount), ALL_FINAL);
            assertThat(split.feeReversed().baseUnits()).isNotNegative();
            assertThat(split.merchantShare().baseUnits()).isNotNegative();
            refunds = refunds.hold(id, split);
            assertThat(refunds.refunded().baseUnits()).isLessThanOrEqualTo(gross);
            assertThat(refunds.feeReversed().baseUnits()).isLessThanOrEqualTo(fee);
        }
        if (!refunds.refundable().isZero()) {
            refunds = refunds.hold("rf_last", refunds.split(refunds.refundable(), ALL_FINAL));
        }
        assertThat(refunds.feeReversed()).isEqualTo(units(fee));
        long merchantTotal = refunds.held().values().stream().mapToLong(s -> s.merchantShare().baseUnits()).sum();
        assertThat(merchantTotal).isEqualTo(gross - fee);
    }

    @Provide
    Arbitrary<List<Long>> steps() {
        return Arbitraries.longs().between(-1_000_000_000L, 1_000_000_000L).list().ofMaxSize(12);
    }
}
