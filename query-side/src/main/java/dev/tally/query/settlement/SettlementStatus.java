package dev.tally.query.settlement;

/** Where a settlement stands, as its merchant sees it. */
public enum SettlementStatus {
    /** Created with its fee split; the net is not yet credited. */
    PENDING,
    /** The net was credited to the merchant's available balance and the fee to the platform. */
    COMPLETED,
    /** Its invoice lost a payment to a reorg: the settlement no longer stands (its credit was taken back). */
    REVERSED
}
