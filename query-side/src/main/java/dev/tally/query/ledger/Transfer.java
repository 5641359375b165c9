package dev.tally.query.ledger;

import dev.tally.kernel.money.Asset;

import java.time.Instant;
import java.util.Objects;

/**
 * One immutable row of the ledger. A resolving transfer (POSTED or VOIDED with {@code pendingId}) repeats the
 * accounts and amount of the pending transfer it resolves.
 *
 * @param sourceId     the payment or settlement whose money moves
 * @param causeEventId the identifier of the event that booked it
 */
public record Transfer(String id, String debitAccount, String creditAccount, Asset asset, long amount,
                       TransferStatus status, String pendingId, String sourceId, String causeEventId,
                       String causeEventType, Instant createdAt) {

    public Transfer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(debitAccount, "debitAccount");
        Objects.requireNonNull(creditAccount, "creditAccount");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(createdAt, "createdAt");
        if (amount <= 0) {
            throw new LedgerInvariantViolation("transfer " + id + " has a non-positive amount " + amount);
        }
        if (debitAccount.equals(creditAccount)) {
            throw new LedgerInvariantViolation("transfer " + id + " debits and credits the same account");
        }
        if (status == TransferStatus.PENDING && pendingId != null) {
            throw new LedgerInvariantViolation("pending transfer " + id + " cannot resolve another");
        }
        if (status == TransferStatus.VOIDED && pendingId == null) {
            throw new LedgerInvariantViolation("void " + id + " names no pending transfer");
        }
    }

    /** A POSTED or VOIDED transfer that resolves a pending one. */
    public boolean resolves() {
        return pendingId != null;
    }
}
