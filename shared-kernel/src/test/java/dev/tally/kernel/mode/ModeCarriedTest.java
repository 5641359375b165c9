package dev.tally.kernel.mode;

import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.invoice.CancelInvoice;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoiceLifecycle;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentLifecycle;
import dev.tally.kernel.payment.RecordConfirmations;
import dev.tally.kernel.payment.RecordTransfer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The mode is decided once, when the invoice is created, and carried by every event after it: the lifecycles pass it
 * on, and an invoice refuses a command of the other mode as if it did not exist.
 */
class ModeCarriedTest {
    private static final InvoiceId INVOICE = InvoiceId.of("inv_3kT9pQ2mLx7vRz8w");
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");
    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    private static final TokenAmount TEN = TokenAmount.parse("10", Asset.USDT);

    @Test
    void aKeyCarriesItsModeInItsPrefix() {
        assertThat(Mode.ofApiKey("tly_test_AbCdEfG")).isEqualTo(Mode.TEST);
        assertThat(Mode.ofApiKey("tly_live_AbCdEfG")).isEqualTo(Mode.LIVE);
        assertThat(Mode.ofApiKey("tly_testing")).isEqualTo(Mode.LIVE);
        assertThat(Mode.orLive(null)).isEqualTo(Mode.LIVE);
    }

    @Test
    void aTestPaymentsEventsAreAllTestEvents() {
        PaymentId payment = PaymentId.of(Chain.TRON, "ab".repeat(32), 0);
        var transfer = new RecordTransfer(payment, new TransferObserved(Chain.TRON, "ab".repeat(32), 0, "TR7Nhq",
                "TFrom", "TTo", TEN, 100L, "block-100", T0, T0));
        List<Object> detected = PaymentLifecycle.decide(null, transfer,
                                                        new PaymentLifecycle.Matched(INVOICE, MERCHANT, 2, Mode.TEST));
        PaymentLifecycle.State state = null;
        for (Object event : detected) {
            state = PaymentLifecycle.evolve(state, event);
        }
        List<Object> confirmed = PaymentLifecycle.decide(state, new RecordConfirmations(payment, "block-100", 2,
                                                                                        false, T0), null);

        assertThat(detected).first().isInstanceOfSatisfying(PaymentDetected.class,
                                                            e -> assertThat(e.mode()).isEqualTo(Mode.TEST));
        assertThat(confirmed).singleElement().isInstanceOfSatisfying(PaymentConfirmed.class,
                                                                     e -> assertThat(e.mode()).isEqualTo(Mode.TEST));
    }

    @Test
    void anInvoiceRefusesACommandOfTheOtherModeAsIfItDidNotExist() {
        InvoiceCreated created = new InvoiceCreated(INVOICE, MERCHANT, "order-1", TEN, Chain.TRON, "TTo", 0, 1, 100,
                                                    null, Map.of(), T0, T0.plusSeconds(900), Mode.TEST);
        InvoiceLifecycle.State state = InvoiceLifecycle.evolve(null, created);
        InvoiceLifecycle.Rules rules = new InvoiceLifecycle.Rules(0);

        assertThatThrownBy(() -> InvoiceLifecycle.decide(state, new CancelInvoice(INVOICE, MERCHANT, Mode.LIVE), rules,
                                                         T0))
                .isInstanceOfSatisfying(DomainException.class,
                                        e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(InvoiceLifecycle.decide(state, new CancelInvoice(INVOICE, MERCHANT, Mode.TEST), rules, T0))
                .singleElement().isInstanceOf(InvoiceCancelled.class);
    }
}
