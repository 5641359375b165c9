package dev.tally.query.ledger;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.query.TestEvents;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static dev.tally.query.TestEvents.usdt;
import static org.assertj.core.api.Assertions.assertThat;

/** A merchant's payments and settlements are different aggregates but must share one sequence in the ledger. */
class LedgerSequencingTest {
    private final LedgerProcessingConfiguration.PerMerchantPolicy policy =
            new LedgerProcessingConfiguration.PerMerchantPolicy();

    @Test
    void aMerchantsPaymentAndSettlementEventsShareOneSequence() {
        MerchantId merchant = TestEvents.merchantId();
        InvoiceId invoice = TestEvents.invoiceId();
        PaymentId payment = TestEvents.paymentId();
        SettlementId settlement = SettlementId.forInvoice(invoice);
        Instant at = Instant.now();
        var confirmed = new GenericDomainEventMessage<>("Payment", payment.value(), 2,
                new PaymentConfirmed(payment, invoice, merchant, usdt("1.00"), "0xb", 1, at));
        var completed = new GenericDomainEventMessage<>("Settlement", settlement.value(), 1,
                new SettlementCompleted(settlement, invoice, merchant, usdt("1.00"), usdt("0.01"), usdt("0.99"), at));

        assertThat(policy.getSequenceIdentifierFor(confirmed)).isEqualTo(merchant.value());
        assertThat(policy.getSequenceIdentifierFor(completed)).isEqualTo(merchant.value());
    }

    @Test
    void otherEventsKeepTheirAggregatesSequence() {
        var other = new GenericDomainEventMessage<>("Invoice", "inv_abcdefgh12", 0, "something else");
        assertThat(policy.getSequenceIdentifierFor(other)).isEqualTo("inv_abcdefgh12");
    }
}
