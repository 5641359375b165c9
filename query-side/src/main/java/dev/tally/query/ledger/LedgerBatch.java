package dev.tally.query.ledger;

import dev.tally.kernel.money.Asset;

import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bookings of one batch of events (one unit of work), written when the batch commits: open missing accounts,
 * lock the touched accounts in id order, apply the transfers one by one checking every balance, write transfers and
 * balances, having checked that the batch's changes balance (so debits still equal credits across the whole ledger).
 * Any violation rolls the batch back.
 */
final class LedgerBatch {
    private final LedgerStore store;
    private final LedgerJournal journal;

    LedgerBatch(LedgerStore store) {
        this.store = store;
        this.journal = new LedgerJournal(store::transfersOf, store::isSettlementReversed);
    }

    LedgerJournal journal() {
        return journal;
    }

    void flush() {
        store.markSettlementsReversed(journal.settlementsReversed());
        List<Transfer> transfers = journal.added();
        if (transfers.isEmpty()) {
            return;
        }
        store.open(journal.accounts());
        Set<String> touched = new LinkedHashSet<>();
        transfers.forEach(t -> {
            touched.add(t.debitAccount());
            touched.add(t.creditAccount());
        });
        Map<String, AccountBalance> before = store.lock(touched);
        Map<String, AccountBalance> after = Postings.apply(before, transfers);
        requireBalanced(before, after);
        store.insert(transfers);
        store.update(after.values());
    }

    /**
     * Debits equal credits over the whole ledger if they did before this batch and the batch's own changes balance,
     * per asset, pending and posted: checking the changes of the accounts it touched keeps a batch's cost the same
     * however many accounts the ledger has.
     */
    static void requireBalanced(Map<String, AccountBalance> before, Map<String, AccountBalance> after) {
        Map<Asset, long[]> changes = new EnumMap<>(Asset.class);
        after.forEach((id, now) -> {
            AccountBalance was = before.get(id);
            long[] change = changes.computeIfAbsent(now.asset(), asset -> new long[4]);
            change[0] = Math.addExact(change[0], now.debitsPending() - was.debitsPending());
            change[1] = Math.addExact(change[1], now.creditsPending() - was.creditsPending());
            change[2] = Math.addExact(change[2], now.debitsPosted() - was.debitsPosted());
            change[3] = Math.addExact(change[3], now.creditsPosted() - was.creditsPosted());
        });
        changes.forEach((asset, change) -> {
            if (change[0] != change[1] || change[2] != change[3]) {
                throw new LedgerInvariantViolation("debits do not equal credits in " + asset + ": the batch moves "
                        + "pending " + change[0] + " / " + change[1] + ", posted " + change[2] + " / " + change[3]);
            }
        });
    }
}
