package dev.tally.query.ledger;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The bookings of one batch of events (one unit of work), written when the batch commits: open missing accounts,
 * lock the touched accounts in id order, apply the transfers one by one checking every balance, write transfers and
 * balances, then check that debits equal credits across the whole ledger. Any violation rolls the batch back.
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
        store.insert(transfers);
        store.update(after.values());
        for (LedgerStore.AssetTotals totals : store.totals()) {
            if (!totals.balanced()) {
                throw new LedgerInvariantViolation("debits do not equal credits in " + totals.asset() + ": "
                                                   + totals);
            }
        }
    }
}
