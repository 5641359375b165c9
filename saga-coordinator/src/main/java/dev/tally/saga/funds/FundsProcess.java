package dev.tally.saga.funds;

import dev.tally.kernel.refund.CreateRefund;
import dev.tally.kernel.refund.InvoiceRefundRequested;
import dev.tally.kernel.refund.PostRefundReservation;
import dev.tally.kernel.refund.RefundCancelled;
import dev.tally.kernel.refund.RefundConfirmed;
import dev.tally.kernel.refund.RefundReservationRefused;
import dev.tally.kernel.refund.RefundReserved;
import dev.tally.kernel.refund.ReleaseInvoiceRefund;
import dev.tally.kernel.refund.ReleaseRefundReservation;
import dev.tally.kernel.refund.ReserveRefund;
import dev.tally.kernel.funds.CreditFunds;
import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.MakeCreditFinal;
import dev.tally.kernel.funds.PayoutReserved;
import dev.tally.kernel.funds.PostPayoutReservation;
import dev.tally.kernel.funds.ReleasePayoutReservation;
import dev.tally.kernel.funds.ReverseCredit;
import dev.tally.kernel.invoice.InvoiceSettlementFinal;
import dev.tally.kernel.payout.CreatePayout;
import dev.tally.kernel.payout.PayoutConfirmed;
import dev.tally.kernel.payout.PayoutFailed;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementReversed;
import dev.tally.saga.SagaCommands;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.stereotype.Component;

/**
 * Joins what settles money in and what moves it out to the merchant's funds (the MerchantFunds aggregate) and its
 * payouts:
 * <ul>
 *     <li>{@link SettlementCompleted} → {@link CreditFunds} (pending); {@link InvoiceSettlementFinal} →
 *     {@link MakeCreditFinal} (available); {@link SettlementReversed} of a completed settlement →
 *     {@link ReverseCredit};</li>
 *     <li>{@link PayoutReserved} → {@link CreatePayout}; {@link PayoutConfirmed} → {@link PostPayoutReservation};
 *     {@link PayoutFailed} → {@link ReleasePayoutReservation};</li>
 *     <li>refunds: {@link InvoiceRefundRequested} → {@link ReserveRefund} (the merchant's share);
 *     {@link RefundReserved} → {@link CreateRefund}; {@link RefundReservationRefused} → {@link ReleaseInvoiceRefund};
 *     {@link RefundConfirmed} → {@link PostRefundReservation}; {@link RefundCancelled} →
 *     {@link ReleaseRefundReservation} and {@link ReleaseInvoiceRefund}.</li>
 * </ul>
 * Stateless: every event carries what its command needs. Events are sequenced by merchant
 * ({@link FundsProcessingConfiguration}), so a settlement's credit always comes before it is made final. The
 * commands run in the processor's transaction: an event is handled, its commands' events stored and the token
 * moved all at once or not at all. Never replayed: it is not a read model.
 */
@Component
@ProcessingGroup(FundsProcess.GROUP)
public class FundsProcess {
    public static final String GROUP = "funds-process";
    private static final String NAME = "FundsProcess";

    @EventHandler
    void on(SettlementCompleted event, CommandGateway commands) {
        SagaCommands.send(commands, NAME, new CreditFunds(FundsId.of(event.merchantId(), event.mode()),
                                                          event.merchantId(), event.mode(), event.settlementId(),
                                                          event.net(), event.completedAt()));
    }

    @EventHandler
    void on(InvoiceSettlementFinal event, CommandGateway commands) {
        SagaCommands.send(commands, NAME, new MakeCreditFinal(FundsId.of(event.merchantId(), event.mode()),
                                                              event.settlementId(), event.at()));
    }

    @EventHandler
    void on(SettlementReversed event, CommandGateway commands) {
        if (event.wasCompleted()) {
            SagaCommands.send(commands, NAME, new ReverseCredit(FundsId.of(event.merchantId(), event.mode()),
                                                                event.settlementId(), event.reversedAt()));
        }
    }

    @EventHandler
    void on(PayoutReserved event, CommandGateway commands) {
        SagaCommands.send(commands, NAME, new CreatePayout(event.payoutId(), event.fundsId(), event.merchantId(),
                                                           event.mode(), event.chain(), event.destination(),
                                                           event.amount(), event.at(), event.trigger(),
                                                           event.networkFeeCharged()));
    }

    @EventHandler
    void on(PayoutConfirmed event, CommandGateway commands) {
        SagaCommands.send(commands, NAME, new PostPayoutReservation(event.fundsId(), event.payoutId(), event.at()));
    }

    @EventHandler
    void on(PayoutFailed event, CommandGateway commands) {
        SagaCommands.send(commands, NAME, new ReleasePayoutReservation(event.fundsId(), event.payoutId(),
                                                                       event.reason(), event.at()));
    }

    @EventHandler
    void on(InvoiceRefundRequested event, CommandGateway commands) {
        SagaCommands.send(commands, NAME, new ReserveRefund(FundsId.of(event.merchantId(), event.mode()), event));
    }

    @EventHandler
    void on(RefundReserved event, CommandGateway commands) {
        SagaCommands.send(commands, NAME, new CreateRefund(event.request().refundId(), event.request()));
    }

    @EventHandler
    void on(RefundReservationRefused event, CommandGateway commands) {
        SagaCommands.send(commands, NAME, new ReleaseInvoiceRefund(event.request().invoiceId(),
                                                                   event.request().refundId(), event.reason(),
                                                                   event.at()));
    }

    @EventHandler
    void on(RefundConfirmed event, CommandGateway commands) {
        SagaCommands.send(commands, NAME, new PostRefundReservation(
                FundsId.of(event.refund().merchantId(), event.refund().mode()), event.refund().refundId(),
                event.refund().updatedAt()));
    }

    @EventHandler
    void on(RefundCancelled event, CommandGateway commands) {
        var refund = event.refund();
        SagaCommands.send(commands, NAME, new ReleaseRefundReservation(
                FundsId.of(refund.merchantId(), refund.mode()), refund.refundId(), refund.failureReason(),
                refund.updatedAt()));
        SagaCommands.send(commands, NAME, new ReleaseInvoiceRefund(refund.invoiceId(), refund.refundId(),
                                                                   refund.failureReason(), refund.updatedAt()));
    }
}
