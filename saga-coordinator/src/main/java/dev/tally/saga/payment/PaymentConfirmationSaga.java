package dev.tally.saga.payment;

import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.ApplyConfirmedPayment;
import dev.tally.kernel.invoice.RecordPaymentFinal;
import dev.tally.kernel.invoice.RegisterInvoicePayment;
import dev.tally.kernel.invoice.ReverseInvoicePayment;
import dev.tally.kernel.invoice.WithdrawInvoicePayment;
import dev.tally.kernel.payment.EscalateStuckPayment;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentFinalized;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.kernel.payment.PaymentReversed;
import dev.tally.kernel.settlement.ReverseSettlement;
import dev.tally.saga.SagaCommands;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;

import java.time.Instant;

/**
 * Keeps an invoice in step with one payment to it. The Payment aggregate decides the milestones (it knows
 * the invoice's required confirmations and emits {@link PaymentConfirmed} when they are reached); this saga carries
 * each milestone over to the invoice and escalates a payment that does not resolve in time.
 *
 * <ul>
 *     <li>{@link PaymentDetected} (detection 1, or a re-detection after an orphan): the invoice counts the payment
 *     ({@link RegisterInvoicePayment}) and the stuck deadline is armed at {@code detectedAt + stuckAfter}.</li>
 *     <li>{@link PaymentOrphaned}: the invoice stops counting it ({@link WithdrawInvoicePayment}); the saga stays, as
 *     the transfer may be seen again, and the stuck deadline is re-armed at {@code orphanedAt + stuckAfter}, so that
 *     an orphan that never returns is escalated.</li>
 *     <li>{@link PaymentConfirmed}: the invoice applies it ({@link ApplyConfirmedPayment}); the saga stays until the
 *     chain makes the payment final.</li>
 *     <li>{@link PaymentReversed} (a reorg after confirmation, before finality): the invoice takes the money back
 *     ({@link ReverseInvoicePayment}); when the invoice had been paid, it answers with its settlement, which is
 *     reversed at once ({@link ReverseSettlement}). The transfer may be seen again.</li>
 *     <li>{@link PaymentFinalized}: nothing can take the payment away any more; the invoice learns it
 *     ({@link RecordPaymentFinal}) and the saga ends.</li>
 *     <li>{@link PaymentFailed}: the invoice stops counting it (unless an orphan already withdrew it); the saga
 *     ends.</li>
 *     <li>The stuck deadline: {@link EscalateStuckPayment}, <b>once per payment</b>. The deadline is never armed again
 *     afterwards (not by the handler, not by a later orphan or re-detection): the operator already has the payment in
 *     view, and a payment flapping between reorgs must not page them every half hour. The saga does not end: it still
 *     carries a late confirmation or failure to the invoice.</li>
 * </ul>
 *
 * <p>Events arrive at least once. A detection whose number is not above the last one handled, and an orphan or failure
 * of a payment the invoice no longer counts, send nothing. A second {@link PaymentConfirmed} or {@link PaymentFailed}
 * finds no saga (it ended with the first). The invoice commands are idempotent per payment in any case.
 *
 * <p>Collaborators are handler parameters, never fields: the saga is stored as JSON (Jackson, no default typing), so
 * its state is plain strings, numbers and flags with a default constructor and getters/setters. Commands go through
 * {@link SagaCommands}: a technical failure fails the event, which the processor retries; a business refusal is
 * logged for the operator and the saga goes on.
 */
@Saga
@ProcessingGroup(PaymentConfirmationSaga.PROCESSING_GROUP)
public class PaymentConfirmationSaga {

    public static final String PROCESSING_GROUP = "payment-confirmation-saga";
    public static final String STUCK_DEADLINE = "payment-stuck";
    public static final String ORPHANED_REASON = "orphaned by a reorg";
    public static final String REVERSED_REASON = "a payment was reversed by a reorg";

    static final String PAYMENT_ID = "paymentId";
    static final String INVOICE_ID = "invoiceId";

    private String paymentId;
    private String invoiceId;
    /** The highest {@code PaymentDetected.detection} handled; 0 before the first. */
    private int detection;
    /** Whether the invoice currently counts the payment: registered and not withdrawn since. */
    private boolean counted;
    /** The armed stuck deadline, or null. */
    private String stuckDeadlineId;
    /** Whether the payment was escalated; after that the stuck deadline is never armed again. */
    private boolean escalated;
    /** Whether the confirmed payment was applied to the invoice (and not reversed since). */
    private boolean applied;

    @StartSaga
    @SagaEventHandler(associationProperty = PAYMENT_ID)
    public void on(PaymentDetected event, CommandGateway commands, DeadlineManager deadlines,
                   PaymentSagaProperties properties) {
        if (event.detection() <= detection) {
            return; // a redelivery, or a detection overtaken by a later one
        }
        if (invoiceId == null) {
            paymentId = event.paymentId().value();
            invoiceId = event.invoiceId().value();
            SagaLifecycle.associateWith(INVOICE_ID, invoiceId);
        }
        send(commands,
             new RegisterInvoicePayment(event.invoiceId(), event.paymentId(), event.amount(), event.paidAt()));
        detection = event.detection();
        counted = true;
        armStuckDeadline(deadlines, event.detectedAt().plus(properties.getStuckAfter()));
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    public void on(PaymentOrphaned event, CommandGateway commands, DeadlineManager deadlines,
                   PaymentSagaProperties properties) {
        if (!counted) {
            return; // already withdrawn: a redelivered orphan
        }
        send(commands,
             new WithdrawInvoicePayment(event.invoiceId(), event.paymentId(), ORPHANED_REASON, event.orphanedAt()));
        counted = false;
        armStuckDeadline(deadlines, event.orphanedAt().plus(properties.getStuckAfter()));
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    public void on(PaymentConfirmed event, CommandGateway commands, DeadlineManager deadlines) {
        if (applied) {
            return; // a redelivery
        }
        cancelStuckDeadline(deadlines);
        send(commands,
             new ApplyConfirmedPayment(event.invoiceId(), event.paymentId(), event.amount(), event.confirmedAt()));
        applied = true;
    }

    @SagaEventHandler(associationProperty = PAYMENT_ID)
    public void on(PaymentReversed event, CommandGateway commands) {
        if (!applied) {
            return; // a redelivery: taken back already
        }
        // The invoice answers with the settlement it reversed, if it had been paid: reversed in the same step, so
        // nothing that happens to the payment meanwhile (a failure ending this saga) can leave it standing.
        SagaCommands.sendForResult(commands, "PaymentConfirmationSaga", new ReverseInvoicePayment(event.invoiceId(), event.paymentId(),
                                                                       event.reversedAt()), SettlementId.class)
                    .ifPresent(settlement -> send(commands, new ReverseSettlement(settlement, REVERSED_REASON,
                                                                                   event.reversedAt())));
        counted = false;
        applied = false;
    }

    /** Final: the invoice learns it (its settled money becomes payable once all it counts is final); the saga ends. */
    @EndSaga
    @SagaEventHandler(associationProperty = PAYMENT_ID)
    public void on(PaymentFinalized event, CommandGateway commands) {
        send(commands, new RecordPaymentFinal(event.invoiceId(), event.paymentId(), event.finalizedAt()));
    }

    @EndSaga
    @SagaEventHandler(associationProperty = PAYMENT_ID)
    public void on(PaymentFailed event, CommandGateway commands, DeadlineManager deadlines) {
        cancelStuckDeadline(deadlines);
        if (counted) { // an orphan before the failure has already taken it out of the invoice
            send(commands,
                 new WithdrawInvoicePayment(event.invoiceId(), event.paymentId(), event.reason(), event.failedAt()));
            counted = false;
        }
    }

    /**
     * Escalates once and does not end the saga: the operator may still see the payment resolve. {@code now} is the
     * deadline message's timestamp: the time it runs under db-scheduler (so a deadline overdue after a restart reports
     * when it actually fired), the scheduled time in the test fixture.
     */
    @DeadlineHandler(deadlineName = STUCK_DEADLINE)
    public void onStuck(@Timestamp Instant now, CommandGateway commands) {
        stuckDeadlineId = null;
        if (escalated) {
            return; // a deadline delivered twice
        }
        send(commands, new EscalateStuckPayment(PaymentId.of(paymentId), now));
        escalated = true;
    }

    private void armStuckDeadline(DeadlineManager deadlines, Instant at) {
        cancelStuckDeadline(deadlines);
        if (!escalated) {
            stuckDeadlineId = deadlines.schedule(at, STUCK_DEADLINE);
        }
    }

    private void cancelStuckDeadline(DeadlineManager deadlines) {
        if (stuckDeadlineId != null) {
            deadlines.cancelSchedule(STUCK_DEADLINE, stuckDeadlineId);
            stuckDeadlineId = null;
        }
    }

    private static void send(CommandGateway commands, Object command) {
        SagaCommands.send(commands, "PaymentConfirmationSaga", command);
    }

    // Jackson: the saga is stored as JSON.

    public String getPaymentId() {
        return paymentId;
    }

    public void setPaymentId(String paymentId) {
        this.paymentId = paymentId;
    }

    public String getInvoiceId() {
        return invoiceId;
    }

    public void setInvoiceId(String invoiceId) {
        this.invoiceId = invoiceId;
    }

    public int getDetection() {
        return detection;
    }

    public void setDetection(int detection) {
        this.detection = detection;
    }

    public boolean isCounted() {
        return counted;
    }

    public void setCounted(boolean counted) {
        this.counted = counted;
    }

    public String getStuckDeadlineId() {
        return stuckDeadlineId;
    }

    public void setStuckDeadlineId(String stuckDeadlineId) {
        this.stuckDeadlineId = stuckDeadlineId;
    }

    public boolean isApplied() {
        return applied;
    }

    public void setApplied(boolean applied) {
        this.applied = applied;
    }

    public boolean isEscalated() {
        return escalated;
    }

    public void setEscalated(boolean escalated) {
        this.escalated = escalated;
    }
}
