package dev.tally.query.ledger;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;

import java.util.Objects;

/**
 * One account of the ledger, in one mode: live and test money are kept in books of their own, never summed. Its id is
 * derived from what it is ({@code merchant-pending:USDT:mer_…}, {@code customer-clearing:USDT}; a test account's id
 * starts with {@code test:}), so the same account has the same id in every rebuild.
 */
public record LedgerAccount(String id, AccountKind kind, MerchantId merchantId, Asset asset, Mode mode) {

    public LedgerAccount {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(asset, "asset");
        mode = Mode.orLive(mode);
        if (kind.perMerchant() != (merchantId != null)) {
            throw new IllegalArgumentException(kind + (kind.perMerchant() ? " needs" : " has no") + " merchant");
        }
        if (!idOf(kind, merchantId, asset, mode).equals(id)) {
            throw new IllegalArgumentException("account id " + id + " does not name " + kind + " " + asset + " "
                                               + mode.code());
        }
    }

    public static LedgerAccount of(AccountKind kind, MerchantId merchantId, Asset asset, Mode mode) {
        return new LedgerAccount(idOf(kind, merchantId, asset, mode), kind, merchantId, asset, mode);
    }

    public static LedgerAccount customerClearing(Asset asset, Mode mode) {
        return of(AccountKind.CUSTOMER_CLEARING, null, asset, mode);
    }

    public static LedgerAccount merchantPending(MerchantId merchantId, Asset asset, Mode mode) {
        return of(AccountKind.MERCHANT_PENDING, Objects.requireNonNull(merchantId, "merchantId"), asset, mode);
    }

    public static LedgerAccount merchantAvailable(MerchantId merchantId, Asset asset, Mode mode) {
        return of(AccountKind.MERCHANT_AVAILABLE, Objects.requireNonNull(merchantId, "merchantId"), asset, mode);
    }

    public static LedgerAccount merchantFinal(MerchantId merchantId, Asset asset, Mode mode) {
        return of(AccountKind.MERCHANT_FINAL, Objects.requireNonNull(merchantId, "merchantId"), asset, mode);
    }

    public static LedgerAccount merchantUnapplied(MerchantId merchantId, Asset asset, Mode mode) {
        return of(AccountKind.MERCHANT_UNAPPLIED, Objects.requireNonNull(merchantId, "merchantId"), asset, mode);
    }

    public static LedgerAccount merchantPaidOut(MerchantId merchantId, Asset asset, Mode mode) {
        return of(AccountKind.MERCHANT_PAID_OUT, Objects.requireNonNull(merchantId, "merchantId"), asset, mode);
    }

    public static LedgerAccount merchantRefunded(MerchantId merchantId, Asset asset, Mode mode) {
        return of(AccountKind.MERCHANT_REFUNDED, Objects.requireNonNull(merchantId, "merchantId"), asset, mode);
    }

    public static LedgerAccount platformFeeRevenue(Asset asset, Mode mode) {
        return of(AccountKind.PLATFORM_FEE_REVENUE, null, asset, mode);
    }

    public static LedgerAccount platformNetworkFeesCharged(Asset asset, Mode mode) {
        return of(AccountKind.PLATFORM_NETWORK_FEES_CHARGED, null, asset, mode);
    }

    // The live books, as most readers want them.

    public static LedgerAccount of(AccountKind kind, MerchantId merchantId, Asset asset) {
        return of(kind, merchantId, asset, Mode.LIVE);
    }

    public static LedgerAccount customerClearing(Asset asset) {
        return customerClearing(asset, Mode.LIVE);
    }

    public static LedgerAccount merchantPending(MerchantId merchantId, Asset asset) {
        return merchantPending(merchantId, asset, Mode.LIVE);
    }

    public static LedgerAccount merchantAvailable(MerchantId merchantId, Asset asset) {
        return merchantAvailable(merchantId, asset, Mode.LIVE);
    }

    public static LedgerAccount merchantFinal(MerchantId merchantId, Asset asset) {
        return merchantFinal(merchantId, asset, Mode.LIVE);
    }

    public static LedgerAccount merchantUnapplied(MerchantId merchantId, Asset asset) {
        return merchantUnapplied(merchantId, asset, Mode.LIVE);
    }

    public static LedgerAccount platformFeeRevenue(Asset asset) {
        return platformFeeRevenue(asset, Mode.LIVE);
    }

    private static String idOf(AccountKind kind, MerchantId merchantId, Asset asset, Mode mode) {
        return (mode.live() ? "" : "test:") + kind.code() + ":" + asset.code()
               + (merchantId == null ? "" : ":" + merchantId.value());
    }
}
