package dev.tally.query.ledger;

/**
 * The events would break the ledger: a balance below zero, debits unequal to credits, or a movement the payment's
 * life does not allow. Always a bug upstream or here. The processor rolls the batch back and retries, so the failure
 * stays visible (logs, a stalled segment) instead of a wrong balance being served.
 */
public class LedgerInvariantViolation extends IllegalStateException {
    public LedgerInvariantViolation(String message) {
        super(message);
    }
}
