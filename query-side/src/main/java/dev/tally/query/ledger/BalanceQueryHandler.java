package dev.tally.query.ledger;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Balances read from the ledger's accounts. */
@Component
public class BalanceQueryHandler {
    private final LedgerStore store;

    BalanceQueryHandler(LedgerStore store) {
        this.store = store;
    }

    @QueryHandler
    public MerchantBalances handle(FindMerchantBalances query) {
        return balancesOf(query.merchantId(), query.mode(), store.accountsOf(query.merchantId(), query.mode()));
    }

    @QueryHandler
    public List<UnappliedFund> handle(ListUnappliedFunds query) {
        return store.unappliedFunds(query);
    }

    @QueryHandler
    public LedgerBalances handle(FindLedgerBalances query) {
        // One statement, so the figures and the balance check come from one snapshot.
        List<AccountBalance> accounts = store.allAccounts();
        Map<MerchantId, List<AccountBalance>> byMerchant = new TreeMap<>(
                (a, b) -> a.value().compareTo(b.value()));
        Map<Asset, long[]> totals = new EnumMap<>(Asset.class);
        Map<Asset, Long> revenue = new EnumMap<>(Asset.class);
        Map<Asset, Long> networkFeesCharged = new EnumMap<>(Asset.class);
        for (AccountBalance account : accounts) {
            long[] sums = totals.computeIfAbsent(account.asset(), a -> new long[4]);
            sums[0] = Math.addExact(sums[0], account.debitsPending());
            sums[1] = Math.addExact(sums[1], account.creditsPending());
            sums[2] = Math.addExact(sums[2], account.debitsPosted());
            sums[3] = Math.addExact(sums[3], account.creditsPosted());
            if (!account.account().mode().live()) {
                continue; // the test books balance on their own (in the totals above); the figures are live money
            }
            MerchantId merchantId = account.account().merchantId();
            if (merchantId != null && (query.merchantId() == null || query.merchantId().equals(merchantId))) {
                byMerchant.computeIfAbsent(merchantId, m -> new ArrayList<>()).add(account);
            }
            if (account.account().kind() == AccountKind.PLATFORM_FEE_REVENUE) {
                revenue.put(account.asset(), account.postedBalance());
            }
            if (account.account().kind() == AccountKind.PLATFORM_NETWORK_FEES_CHARGED) {
                networkFeesCharged.put(account.asset(), account.postedBalance());
            }
        }
        List<MerchantBalances> merchants = byMerchant.entrySet().stream()
                                                     .map(e -> balancesOf(e.getKey(), Mode.LIVE, e.getValue()))
                                                     .toList();
        List<AssetAmount> platformFeeRevenue = new ArrayList<>();
        List<AssetAmount> platformNetworkFeesCharged = new ArrayList<>();
        for (Asset asset : Asset.values()) {
            platformFeeRevenue.add(new AssetAmount(asset, decimal(asset, revenue.getOrDefault(asset, 0L))));
            platformNetworkFeesCharged.add(new AssetAmount(asset,
                                                           decimal(asset, networkFeesCharged.getOrDefault(asset, 0L))));
        }
        Predicate<long[]> balanced = s -> s[0] == s[1] && s[2] == s[3];
        return new LedgerBalances(merchants, platformFeeRevenue, platformNetworkFeesCharged,
                                  totals.values().stream().allMatch(balanced));
    }

    private static MerchantBalances balancesOf(MerchantId merchantId, Mode mode, List<AccountBalance> accounts) {
        List<AssetBalance> balances = new ArrayList<>();
        for (Asset asset : Asset.values()) {
            AccountBalance pending = find(accounts, LedgerAccount.merchantPending(merchantId, asset, mode));
            AccountBalance available = find(accounts, LedgerAccount.merchantAvailable(merchantId, asset, mode));
            AccountBalance unapplied = find(accounts, LedgerAccount.merchantUnapplied(merchantId, asset, mode));
            AccountBalance payable = find(accounts, LedgerAccount.merchantFinal(merchantId, asset, mode));
            AccountBalance paidOut = find(accounts, LedgerAccount.merchantPaidOut(merchantId, asset, mode));
            AccountBalance refunded = find(accounts, LedgerAccount.merchantRefunded(merchantId, asset, mode));
            long settled = Math.addExact(available.postedBalance(), payable.postedBalance());
            balances.add(new AssetBalance(asset, decimal(asset, pending.creditsPending()),
                                          decimal(asset, pending.postedBalance()),
                                          decimal(asset, settled),
                                          decimal(asset, payable.postedBalance()),
                                          decimal(asset, unapplied.postedBalance()),
                                          decimal(asset, payable.debitsPending()),
                                          decimal(asset, paidOut.postedBalance()),
                                          decimal(asset, refunded.postedBalance())));
        }
        return new MerchantBalances(merchantId, balances, mode);
    }

    /** The account's balance, or zeros if nothing was booked to it yet. */
    private static AccountBalance find(List<AccountBalance> accounts, LedgerAccount account) {
        return accounts.stream()
                       .filter(a -> a.account().id().equals(account.id()))
                       .findFirst()
                       .orElseGet(() -> AccountBalance.opened(account));
    }

    private static String decimal(Asset asset, long baseUnits) {
        return TokenAmount.ofBaseUnits(asset, baseUnits).toDecimalString();
    }
}
