package dev.tally.query.ledger;

/**
 * PENDING reserves an amount (phase one); POSTED with a pending id moves it, VOIDED with a pending id releases it
 * (phase two); POSTED without a pending id is a single-phase transfer.
 */
public enum TransferStatus {
    PENDING,
    POSTED,
    VOIDED
}
