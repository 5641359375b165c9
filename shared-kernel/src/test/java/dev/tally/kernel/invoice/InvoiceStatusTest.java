package dev.tally.kernel.invoice;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

    @ParameterizedTest
    @EnumSource(InvoiceStatus.class)
    void onlyAnInvoiceWhosePaymentWasWithdrawnReturnsToPending(InvoiceStatus from) {
        assertThat(from.canTransitionTo(InvoiceStatus.PENDING)).isEqualTo(from == InvoiceStatus.CONFIRMING);
    }

    @ParameterizedTest
    @EnumSource(value = InvoiceStatus.class, names = {"PAID", "OVERPAID", "PAID_LATE", "SETTLED", "PARTIALLY_REFUNDED",
            "REFUNDED", "CANCELLED", "EXPIRED"})
    void settledMoneyNeverGoesBackToAwaitingPayment(InvoiceStatus from) {
        assertThat(from.allowedNext()).doesNotContain(InvoiceStatus.CONFIRMING, InvoiceStatus.UNDERPAID);
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
