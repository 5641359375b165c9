package dev.tally.command.payment;

import dev.tally.command.CommandSideProperties;
import dev.tally.command.address.DepositAddressBook;
import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payment.EscalateStuckPayment;
import dev.tally.kernel.payment.PaymentConfirmed;
import dev.tally.kernel.payment.PaymentDetected;
import dev.tally.kernel.payment.PaymentFailed;
import dev.tally.kernel.payment.PaymentFinalized;
import dev.tally.kernel.payment.PaymentIncludedInBlock;
import dev.tally.kernel.payment.PaymentOrphaned;
import dev.tally.kernel.payment.PaymentReversed;
import dev.tally.kernel.payment.PaymentStatus;
import dev.tally.kernel.payment.PaymentStuck;
import dev.tally.kernel.payment.RecordConfirmations;
import dev.tally.kernel.payment.RecordTransfer;
import dev.tally.kernel.payment.RecordTransferFailed;
import dev.tally.kernel.payment.RecordTransferOrphaned;
import dev.tally.kernel.payment.UnmatchedTransferRecorded;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Instant;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One token transfer on a chain (id {@code chain:txHash:logIndex}) and its way to finality. Observations arrive at
 * least once and in any order; each handler turns them into events only when a milestone is crossed (detected, in a
 * block, confirmed, failed, orphaned), so duplicates and stale reports change nothing. Every move is checked
 * against {@link PaymentStatus}'s transition table first.
 */
@Aggregate
public class Payment {

    @AggregateIdentifier
    private PaymentId paymentId;
    private PaymentStatus status;
    private InvoiceId invoiceId;
    private MerchantId merchantId;
    private TokenAmount amount;
    private int requiredConfirmations;
    private int detection;
    private String blockHash;
    private Instant detectedAt;

    protected Payment() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordTransfer command, DepositAddressBook addresses, CommandSideProperties properties) {
        TransferObserved seen = command.observation();
        if (!command.paymentId().equals(seen.paymentId())) {
            throw new IllegalArgumentException("payment id " + command.paymentId() + " does not match the transfer "
                                               + seen.paymentId());
        }
        if (status == null) {
            // Judged by the block's time: a customer who paid in time is on time however late the watcher looks.
            var match = addresses.match(seen.chain(), seen.to(), seen.paidAt(),
                                        properties.getInvoices().getMonitoringWindow());
            if (match instanceof DepositAddressBook.Unmatched unmatched) {
                apply(new UnmatchedTransferRecorded(seen.paymentId(), seen.chain(), seen.txHash(), seen.logIndex(),
                        seen.tokenContract(), seen.from(), seen.to(), seen.amount(), unmatched.reason(),
                        seen.observedAt()));
                return;
            }
            var entry = ((DepositAddressBook.Matched) match).entry();
            detect(seen, entry.invoiceId(), entry.merchantId(), entry.requiredConfirmations(), 1);
        } else if (status == PaymentStatus.ORPHANED || status == PaymentStatus.REVERSED) {
            detect(seen, invoiceId, merchantId, requiredConfirmations, detection + 1);
        } else if (status == PaymentStatus.DETECTED && seen.blockHash() != null) {
            includeInBlock(seen.blockNumber(), seen.blockHash(), 1, seen.observedAt());
        }
        // Anything else is a report of what is already known.
    }

    private void detect(TransferObserved seen, InvoiceId invoice, MerchantId merchant, int confirmationsRequired,
                        int detectionNumber) {
        require(status == null ? null : PaymentStatus.DETECTED);
        apply(new PaymentDetected(seen.paymentId(), invoice, merchant, seen.chain(), seen.txHash(), seen.logIndex(),
                                  seen.from(), seen.to(), seen.amount(), confirmationsRequired, detectionNumber,
                                  seen.observedAt(), seen.blockTime()));
        if (seen.blockHash() != null) {
            includeInBlock(seen.blockNumber(), seen.blockHash(), 1, seen.observedAt());
        }
    }

    private void includeInBlock(Long blockNumber, String hash, int confirmations, Instant at) {
        require(PaymentStatus.CONFIRMING);
        apply(new PaymentIncludedInBlock(paymentId, invoiceId, blockNumber, hash, confirmations, at));
        confirmIfDeepEnough(confirmations, at);
    }

    private void confirmIfDeepEnough(int confirmations, Instant at) {
        if (confirmations >= requiredConfirmations) {
            require(PaymentStatus.CONFIRMED);
            apply(new PaymentConfirmed(paymentId, invoiceId, merchantId, amount, blockHash, confirmations, at));
        }
    }

    @CommandHandler
    void handle(RecordConfirmations command) {
        if (status == PaymentStatus.DETECTED && command.blockHash() != null) {
            includeInBlock(null, command.blockHash(), command.confirmations(), command.observedAt());
        } else if (status == PaymentStatus.CONFIRMING && Objects.equals(blockHash, command.blockHash())) {
            confirmIfDeepEnough(command.confirmations(), command.observedAt());
        }
        if (status == PaymentStatus.CONFIRMED && command.finalized() && Objects.equals(blockHash, command.blockHash())) {
            require(PaymentStatus.FINALIZED);
            apply(new PaymentFinalized(paymentId, invoiceId, merchantId, amount, blockHash, command.observedAt()));
        }
        // Confirmations of another block (stale, after a reorg) or of a settled fate change nothing.
    }

    @CommandHandler
    void handle(RecordTransferFailed command) {
        if (status != null && status.canTransitionTo(PaymentStatus.FAILED)) {
            apply(new PaymentFailed(paymentId, invoiceId, merchantId, amount, command.reason(), command.observedAt()));
        }
    }

    /**
     * The transfer's block left the canonical chain: before the threshold the payment is orphaned; after it, and
     * before the chain made the block final, it is reversed (the money it credited did not arrive). A final block
     * cannot be reorganised; a report saying so changes nothing.
     */
    @CommandHandler
    void handle(RecordTransferOrphaned command) {
        boolean thisBlock = command.blockHash() == null || command.blockHash().equals(blockHash);
        if (status == PaymentStatus.CONFIRMING && thisBlock) {
            apply(new PaymentOrphaned(paymentId, invoiceId, merchantId, amount, blockHash, command.observedAt()));
        } else if (status == PaymentStatus.CONFIRMED && thisBlock) {
            apply(new PaymentReversed(paymentId, invoiceId, merchantId, amount, blockHash, command.observedAt()));
        }
    }

    @CommandHandler
    void handle(EscalateStuckPayment command) {
        if (status != null && !status.isTerminal()) {
            apply(new PaymentStuck(paymentId, invoiceId, merchantId, status, detectedAt, command.at()));
        }
    }

    private void require(PaymentStatus next) {
        if (next != null && status != null && !status.canTransitionTo(next)) {
            throw new IllegalStateException("payment " + paymentId + " cannot move from " + status + " to " + next);
        }
    }

    @EventSourcingHandler
    void on(PaymentDetected event) {
        paymentId = event.paymentId();
        invoiceId = event.invoiceId();
        merchantId = event.merchantId();
        amount = event.amount();
        requiredConfirmations = event.requiredConfirmations();
        detection = event.detection();
        detectedAt = event.detectedAt();
        blockHash = null;
        status = PaymentStatus.DETECTED;
    }

    @EventSourcingHandler
    void on(PaymentIncludedInBlock event) {
        blockHash = event.blockHash();
        status = PaymentStatus.CONFIRMING;
    }

    @EventSourcingHandler
    void on(PaymentConfirmed event) {
        status = PaymentStatus.CONFIRMED;
    }

    @EventSourcingHandler
    void on(PaymentFinalized event) {
        status = PaymentStatus.FINALIZED;
    }

    @EventSourcingHandler
    void on(PaymentReversed event) {
        status = PaymentStatus.REVERSED;
        blockHash = null;
    }

    @EventSourcingHandler
    void on(PaymentFailed event) {
        status = PaymentStatus.FAILED;
    }

    @EventSourcingHandler
    void on(PaymentOrphaned event) {
        status = PaymentStatus.ORPHANED;
        blockHash = null;
    }

    @EventSourcingHandler
    void on(UnmatchedTransferRecorded event) {
        paymentId = event.paymentId();
        amount = event.amount();
        status = PaymentStatus.UNMATCHED;
    }

    PaymentStatus status() {
        return status;
    }
}
