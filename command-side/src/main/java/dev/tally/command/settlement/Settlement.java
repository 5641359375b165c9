package dev.tally.command.settlement;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.settlement.CompleteSettlement;
import dev.tally.kernel.settlement.CreateSettlement;
import dev.tally.kernel.settlement.FeePolicy;
import dev.tally.kernel.settlement.FeeSplit;
import dev.tally.kernel.settlement.ReverseSettlement;
import dev.tally.kernel.settlement.SettlementCompleted;
import dev.tally.kernel.settlement.SettlementCreated;
import dev.tally.kernel.settlement.SettlementReversed;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The settlement of one paid invoice: its fee split, fixed at creation, and whether the net has been
 * credited. Every change goes through {@link #transitionTo}, which checks the one transition table in
 * {@link SettlementStatus} before an event is applied.
 *
 * <p><b>At most one settlement per invoice.</b> The id is derived from the invoice ({@link SettlementId#forInvoice}),
 * and the constructor refuses any other id. A second {@code CreateSettlement} for the same invoice therefore targets
 * the same aggregate: its {@code SettlementCreated} would be sequence 0 of a stream that already has one, and the
 * event store's unique (aggregate id, sequence number) refuses it (Axon reports an
 * {@code AggregateStreamCreationException}) before anything is published. The {@code InvoiceSettlementSaga} relies on
 * this when an {@code InvoicePaid} is redelivered, besides not sending the command twice itself.
 */
@Aggregate
public class Settlement {

    @AggregateIdentifier
    private SettlementId settlementId;
    private InvoiceId invoiceId;
    private MerchantId merchantId;
    private Mode mode;
    private TokenAmount gross;
    private TokenAmount fee;
    private TokenAmount net;
    private SettlementStatus status;

    protected Settlement() {
        // for Axon
    }

    /**
     * Creates the settlement of a paid invoice, PENDING, with the fee split at the configured scale.
     *
     * @param clock      stamps {@code createdAt}
     * @param properties the fee scale ({@code tally.settlement.fee-scale}); a Spring bean, resolved by Axon
     */
    @CommandHandler
    public Settlement(CreateSettlement command, Clock clock, SettlementProperties properties) {
        if (command.settlementId() == null || command.invoiceId() == null || command.merchantId() == null
            || command.gross() == null) {
            throw DomainException.ruleViolation("settlementId, invoiceId, merchantId and gross are required");
        }
        if (!command.settlementId().belongsTo(command.invoiceId())) {
            // Only derived ids (one per settlement round) make a second settlement of one round impossible.
            throw DomainException.ruleViolation("settlementId of invoice " + command.invoiceId() + " must be "
                                                + SettlementId.forInvoice(command.invoiceId()) + " or a later round");
        }
        if (command.gross().isZero()) {
            throw DomainException.ruleViolation("gross must be greater than zero");
        }
        if (command.feeBasisPoints() < 0 || command.feeBasisPoints() > FeePolicy.BASIS_POINTS_PER_WHOLE) {
            throw DomainException.ruleViolation(
                    "feeBasisPoints must be between 0 and " + FeePolicy.BASIS_POINTS_PER_WHOLE);
        }
        int feeScale = properties.getFeeScale();
        FeeSplit split = FeePolicy.split(command.gross(), command.feeBasisPoints(), feeScale);
        apply(new SettlementCreated(command.settlementId(), command.invoiceId(), command.merchantId(), split.gross(),
                                    split.fee(), split.net(), command.feeBasisPoints(), feeScale, clock.instant(),
                                    command.mode()));
    }

    /**
     * Credits the net. Completing a completed settlement changes nothing (a redelivered command, a retried saga), nor
     * does completing a reversed one (its invoice lost the money first).
     */
    @CommandHandler
    void handle(CompleteSettlement command, Clock clock) {
        if (status == SettlementStatus.COMPLETED || status == SettlementStatus.REVERSED) {
            return;
        }
        transitionTo(SettlementStatus.COMPLETED, "only a PENDING settlement can be completed");
        apply(new SettlementCompleted(settlementId, invoiceId, merchantId, gross, fee, net, clock.instant(), mode));
    }

    /** Its invoice lost a payment to a reorg. Idempotent. */
    @CommandHandler
    void handle(ReverseSettlement command) {
        if (status == SettlementStatus.REVERSED) {
            return;
        }
        transitionTo(SettlementStatus.REVERSED, "the settlement cannot be reversed");
        apply(new SettlementReversed(settlementId, invoiceId, merchantId, gross, fee, net,
                                     status == SettlementStatus.COMPLETED, command.reason(), command.at(), mode));
    }

    private void transitionTo(SettlementStatus next, String refusal) {
        if (!status.canTransitionTo(next)) {
            throw DomainException.invalidState("settlement " + settlementId + " is " + status + ": " + refusal);
        }
    }

    @EventSourcingHandler
    void on(SettlementCreated event) {
        settlementId = event.settlementId();
        invoiceId = event.invoiceId();
        merchantId = event.merchantId();
        mode = event.mode();
        gross = event.gross();
        fee = event.fee();
        net = event.net();
        status = SettlementStatus.PENDING;
    }

    @EventSourcingHandler
    void on(SettlementCompleted event) {
        status = SettlementStatus.COMPLETED;
    }

    @EventSourcingHandler
    void on(SettlementReversed event) {
        status = SettlementStatus.REVERSED;
    }

    SettlementStatus status() {
        return status;
    }
}
