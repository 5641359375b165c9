package dev.tally.saga.settlement;

import dev.tally.saga.SagaCommands;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.invoice.InvoicePaid;
import dev.tally.kernel.invoice.InvoicePaymentReversed;
import dev.tally.kernel.invoice.MarkInvoiceSettled;
import dev.tally.kernel.settlement.CompleteSettlement;
import dev.tally.kernel.settlement.CreateSettlement;
import dev.tally.kernel.settlement.ReverseSettlement;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementCreated;
import dev.tally.kernel.settlement.SettlementReversed;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.SagaLifecycle;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;


/**
 * Settles a paid invoice: {@link InvoicePaid} (on time, or a late payment the merchant accepted) →
 * {@link CreateSettlement} (the Settlement aggregate splits the fee) → {@link SettlementCreated} →
 * {@link CompleteSettlement} → {@link SettlementCompleted} → {@link MarkInvoiceSettled}, and the saga ends.
 *
 * <p><b>One settlement per invoice.</b> The settlement's id is derived from the invoice
 * ({@link SettlementId#forInvoice}), so every request for the same invoice targets the same aggregate, and the event
 * store refuses to create it twice. The saga does not lean on that refusal: an {@link InvoicePaid} redelivered while
 * the saga is active finds it (associated by {@code invoiceId}) and sends nothing, because the settlement was already
 * requested. A redelivered {@link SettlementCreated} asks for completion again, which the aggregate ignores.
 *
 * <p>Collaborators are handler parameters, never fields: the saga is stored as JSON (Jackson, no default typing), so
 * its state is plain strings and a flag with a default constructor and getters/setters. Commands go through
 * {@link SagaCommands}: a lost command fails the event and the processor retries it; a business refusal is logged.
 */
@Saga
@ProcessingGroup(InvoiceSettlementSaga.PROCESSING_GROUP)
public class InvoiceSettlementSaga {

    public static final String PROCESSING_GROUP = "invoice-settlement-saga";
    static final String REVERSED_BEFORE_CREATION = "its invoice's payment was reversed before it was created";

    static final String INVOICE_ID = "invoiceId";
    static final String SETTLEMENT_ID = "settlementId";

    private String invoiceId;
    private String settlementId;
    /** Whether {@link CreateSettlement} was sent; a redelivered {@link InvoicePaid} then sends nothing. */
    private boolean settlementRequested;
    /** The settlement whose invoice took the money back (if it was not created by then, it is reversed when it is). */
    private String reversedBeforeCreation;

    @StartSaga
    @SagaEventHandler(associationProperty = INVOICE_ID)
    public void on(InvoicePaid event, CommandGateway commands) {
        SettlementId settlement = event.settlement();
        if (settlementRequested && settlement.value().equals(settlementId)) {
            return; // a redelivery: the settlement was already requested
        }
        if (settlementId != null) {
            // A new round (a reorg reversed the last one): only the new settlement's events concern this saga now.
            SagaLifecycle.removeAssociationWith(SETTLEMENT_ID, settlementId);
        }
        invoiceId = event.invoiceId().value();
        settlementId = settlement.value();
        SagaLifecycle.associateWith(SETTLEMENT_ID, settlementId);
        send(commands, new CreateSettlement(settlement, event.invoiceId(), event.merchantId(), event.gross(),
                                            event.feeBasisPoints(), event.mode()));
        settlementRequested = true;
    }

    @SagaEventHandler(associationProperty = SETTLEMENT_ID)
    public void on(SettlementCreated event, CommandGateway commands) {
        if (event.settlementId().value().equals(reversedBeforeCreation)) {
            // Its invoice took the money back before the settlement existed: it must never complete.
            send(commands, new ReverseSettlement(event.settlementId(), REVERSED_BEFORE_CREATION, event.createdAt()));
            return;
        }
        send(commands, new CompleteSettlement(event.settlementId()));
    }

    /**
     * A reorg took the invoice's money back. A settlement that exists is reversed by the payment's saga; one not
     * created yet (the reversal came first) is remembered, so that it is reversed instead of completed.
     */
    @SagaEventHandler(associationProperty = INVOICE_ID)
    public void on(InvoicePaymentReversed event) {
        if (event.settlementReversed() != null && event.settlementReversed().value().equals(settlementId)) {
            reversedBeforeCreation = settlementId;
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = SETTLEMENT_ID)
    public void on(SettlementCompleted event, CommandGateway commands) {
        send(commands, new MarkInvoiceSettled(event.invoiceId(), event.settlementId(), event.completedAt(),
                                                    event.gross(), event.fee()));
    }

    /** Reversed before it completed (its invoice lost a payment to a reorg): it never will. */
    @EndSaga
    @SagaEventHandler(associationProperty = SETTLEMENT_ID)
    public void on(SettlementReversed event) {
        // nothing to send: the invoice already took the money back
    }

    private static void send(CommandGateway commands, Object command) {
        SagaCommands.send(commands, "InvoiceSettlementSaga", command);
    }

    // Jackson: the saga is stored as JSON.

    public String getInvoiceId() {
        return invoiceId;
    }

    public void setInvoiceId(String invoiceId) {
        this.invoiceId = invoiceId;
    }

    public String getSettlementId() {
        return settlementId;
    }

    public void setSettlementId(String settlementId) {
        this.settlementId = settlementId;
    }

    public String getReversedBeforeCreation() {
        return reversedBeforeCreation;
    }

    public void setReversedBeforeCreation(String reversedBeforeCreation) {
        this.reversedBeforeCreation = reversedBeforeCreation;
    }

    public boolean isSettlementRequested() {
        return settlementRequested;
    }

    public void setSettlementRequested(boolean settlementRequested) {
        this.settlementRequested = settlementRequested;
    }
}
