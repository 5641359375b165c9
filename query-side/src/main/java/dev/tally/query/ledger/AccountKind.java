package dev.tally.query.ledger;

/**
 * The accounts of the ledger. A debit-normal account's balance is its debits minus its credits; a credit-normal
 * account's the reverse. Neither may go below zero.
 */
public enum AccountKind {
    /** Money customers sent, one per asset. Debited by every payment. */
    CUSTOMER_CLEARING("customer-clearing", true, false),
    /** Confirmed payments not yet settled, one per merchant and asset. */
    MERCHANT_PENDING("merchant-pending", false, true),
    /** Settled nets, one per merchant and asset. */
    MERCHANT_AVAILABLE("merchant-available", false, true),
    /**
     * Money that reached a merchant's deposit address but pays no invoice (after the invoice was paid or cancelled,
     * of an invoice that expired underpaid, a late payment short or not accepted), one per merchant and asset. The
     * merchant's, to refund or apply; never revenue.
     */
    MERCHANT_UNAPPLIED("merchant-unapplied", false, true),
    /**
     * Settled nets whose payments are all final on chain, one per merchant and asset: payable, beyond the reach of a
     * reorg. Moved out of {@link #MERCHANT_AVAILABLE} when the invoice says so.
     */
    MERCHANT_FINAL("merchant-final", false, true),
    /**
     * Money paid out to the merchant on chain, one per merchant and asset: a payout reserves its amount from
     * {@link #MERCHANT_FINAL} as a pending transfer, posted when the payout is confirmed on chain and voided when it
     * fails.
     */
    MERCHANT_PAID_OUT("merchant-paid-out", false, true),
    /**
     * Money refunded to the merchant's customers on chain, one per merchant and asset: a refund reserves the merchant's
     * share from {@link #MERCHANT_FINAL} and the fee given back from {@link #PLATFORM_FEE_REVENUE} as pending
     * transfers, posted when the refund is confirmed on chain and voided when it is cancelled.
     */
    MERCHANT_REFUNDED("merchant-refunded", false, true),
    /** Platform fees, one per asset. */
    PLATFORM_FEE_REVENUE("platform-fee-revenue", false, false),
    /**
     * Network fees charged to merchants with their payouts (by setting), one per asset: what the platform recovers of
     * the fees it pays in the chains' coins. A payout reserves it from {@link #MERCHANT_FINAL} beside its amount,
     * posted and voided with it.
     */
    PLATFORM_NETWORK_FEES_CHARGED("platform-network-fees-charged", false, false);

    private final String code;
    private final boolean debitNormal;
    private final boolean perMerchant;

    AccountKind(String code, boolean debitNormal, boolean perMerchant) {
        this.code = code;
        this.debitNormal = debitNormal;
        this.perMerchant = perMerchant;
    }

    /** The prefix of the account's id. */
    public String code() {
        return code;
    }

    public boolean debitNormal() {
        return debitNormal;
    }

    public boolean perMerchant() {
        return perMerchant;
    }
}
