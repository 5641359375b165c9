package dev.tally.query.ledger;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.money.Asset;

import java.util.Objects;

/**
 * One account of the ledger. Its id is derived from what it is ({@code merchant-pending:USDT:mer_…},
 * {@code customer-clearing:USDT}), so the same account has the same id in every rebuild.
 */
public record LedgerAccount(String id, AccountKind kind, MerchantId merchantId, Asset asset) {

    public LedgerAccount {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(asset, "asset");
        if (kind.perMerchant() != (merchantId != null)) {
            throw new IllegalArgumentException(kind + (kind.perMerchant() ? " needs" : " has no") + " merchant");
        }
        if (!idOf(kind, merchantId, asset).equals(id)) {
            throw new IllegalArgumentException("account id " + id + " does not name " + kind + " " + asset);
        }
    }

    public static LedgerAccount of(AccountKind kind, MerchantId merchantId, Asset asset) {
        return new LedgerAccount(idOf(kind, merchantId, asset), kind, merchantId, asset);
    }

    public static LedgerAccount customerClearing(Asset asset) {
        return of(AccountKind.CUSTOMER_CLEARING, null, asset);
    }

    public static LedgerAccount merchantPending(MerchantId merchantId, Asset asset) {
        return of(AccountKind.MERCHANT_PENDING, Objects.requireNonNull(merchantId, "merchantId"), asset);
    }

    public static LedgerAccount merchantAvailable(MerchantId merchantId, Asset asset) {
        return of(AccountKind.MERCHANT_AVAILABLE, Objects.requireNonNull(merchantId, "merchantId"), asset);
    }

    public static LedgerAccount merchantFinal(MerchantId merchantId, Asset asset) {
        return of(AccountKind.MERCHANT_FINAL, Objects.requireNonNull(merchantId, "merchantId"), asset);
    }

    public static LedgerAccount merchantUnapplied(MerchantId merchantId, Asset asset) {
        return of(AccountKind.MERCHANT_UNAPPLIED, Objects.requireNonNull(merchantId, "merchantId"), asset);
    }

    public static LedgerAccount platformFeeRevenue(Asset asset) {
        return of(AccountKind.PLATFORM_FEE_REVENUE, null, asset);
    }

    private static String idOf(AccountKind kind, MerchantId merchantId, Asset asset) {
        return kind.code() + ":" + asset.code() + (merchantId == null ? "" : ":" + merchantId.value());
    }
}
