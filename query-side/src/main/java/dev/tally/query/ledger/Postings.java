package dev.tally.query.ledger;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Applies transfers to account balances one at a time, checking every account after each, as the ledger moves. */
final class Postings {
    private Postings() {
    }

    /**
     * @param before the balances of every account the transfers touch, by account id
     * @return the balances after all transfers, by account id
     * @throws LedgerInvariantViolation at the first transfer that would take an account below zero
     */
    static Map<String, AccountBalance> apply(Map<String, AccountBalance> before, List<Transfer> transfers) {
        Map<String, AccountBalance> balances = new HashMap<>(before);
        for (Transfer transfer : transfers) {
            AccountBalance debit = require(balances, transfer.debitAccount(), transfer).debitedBy(transfer);
            AccountBalance credit = require(balances, transfer.creditAccount(), transfer).creditedBy(transfer);
            debit.requireNotNegative("transfer " + transfer.id());
            credit.requireNotNegative("transfer " + transfer.id());
            balances.put(debit.account().id(), debit);
            balances.put(credit.account().id(), credit);
        }
        return balances;
    }

    private static AccountBalance require(Map<String, AccountBalance> balances, String accountId, Transfer transfer) {
        AccountBalance balance = balances.get(accountId);
        if (balance == null) {
            throw new IllegalStateException("transfer " + transfer.id() + " touches unknown account " + accountId);
        }
        return balance;
    }
}
