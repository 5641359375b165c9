package dev.tally.kernel.invoice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class InvoiceStatusTest {

    @Test
    void aPendingInvoiceMayBeCancelledExpireOrSeeAPayment() {
        assertThat(InvoiceStatus.PENDING.allowedNext())
                .containsExactlyInAnyOrder(InvoiceStatus.CONFIRMING, InvoiceStatus.EXPIRED, InvoiceStatus.CANCELLED);
    }

    @Test
    void cancelledAndRefundedAreTerminal() {
        assertThat(InvoiceStatus.CANCELLED.isTerminal()).isTrue();
        assertThat(InvoiceStatus.REFUNDED.isTerminal()).isTrue();
        assertThat(InvoiceStatus.PENDING.isTerminal()).isFalse();
    }

    /** Back to awaiting payment only when money it counted went away: a withdrawal, or a reorg's reversal. */
    @ParameterizedTest
    @EnumSource(InvoiceStatus.class)
    void onlyAnInvoiceThatLostItsMoneyReturnsToPending(InvoiceStatus from) {
        Set<InvoiceStatus> losingMoney = EnumSet.of(InvoiceStatus.CONFIRMING, InvoiceStatus.UNDERPAID,
                                                    InvoiceStatus.PAID, InvoiceStatus.OVERPAID,
                                                    InvoiceStatus.SETTLED);
        assertThat(from.canTransitionTo(InvoiceStatus.PENDING)).isEqualTo(losingMoney.contains(from));
    }

    @ParameterizedTest
    @EnumSource(value = InvoiceStatus.class, names = {"PARTIALLY_REFUNDED", "REFUNDED", "CANCELLED"})
    void theseNeverGoBackToAwaitingPayment(InvoiceStatus from) {
        assertThat(from.allowedNext()).doesNotContain(InvoiceStatus.PENDING, InvoiceStatus.CONFIRMING,
                                                      InvoiceStatus.UNDERPAID);
    }

    @Test
    void aPaidLateInvoiceGoesBackOnlyToConfirmingWhenAReorgTakesItsMoneyAndMoreIsPending() {
        assertThat(InvoiceStatus.PAID_LATE.allowedNext()).doesNotContain(InvoiceStatus.PENDING,
                                                                          InvoiceStatus.UNDERPAID);
        assertThat(InvoiceStatus.PAID_LATE.canTransitionTo(InvoiceStatus.CONFIRMING)).isTrue();
    }

    @Test
    void anExpiredInvoiceReopensOnlyToConfirmAPaymentMadeInTime() {
        assertThat(InvoiceStatus.EXPIRED.allowedNext())
                .containsExactlyInAnyOrder(InvoiceStatus.CONFIRMING, InvoiceStatus.PAID_LATE);
    }

    @Test
    void onlyAPendingInvoiceCanBeCancelled() {
        for (InvoiceStatus status : InvoiceStatus.values()) {
            assertThat(status.canTransitionTo(InvoiceStatus.CANCELLED)).as(status.name())
                                                                     .isEqualTo(status == InvoiceStatus.PENDING);
        }
    }

    @Test
    void parsesStatusCodesCaseInsensitively() {
        assertThat(InvoiceStatus.fromCode("paid_late")).contains(InvoiceStatus.PAID_LATE);
        assertThat(InvoiceStatus.fromCode("nope")).isEmpty();
    }
}
