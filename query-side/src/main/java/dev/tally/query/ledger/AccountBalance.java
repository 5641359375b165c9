package dev.tally.query.ledger;

import dev.tally.kernel.money.Asset;

/** The four running totals of one account, in base units of its asset. */
public record AccountBalance(LedgerAccount account, long debitsPending, long creditsPending, long debitsPosted,
                             long creditsPosted) {

    public static AccountBalance opened(LedgerAccount account) {
        return new AccountBalance(account, 0, 0, 0, 0);
    }

    public Asset asset() {
        return account.asset();
    }

    /** The posted balance on the account's normal side. */
    public long postedBalance() {
        return account.kind().debitNormal()
                ? Math.subtractExact(debitsPosted, creditsPosted)
                : Math.subtractExact(creditsPosted, debitsPosted);
    }

    /** This account as the debit side of {@code transfer}. */
    AccountBalance debitedBy(Transfer transfer) {
        requireSide(transfer, transfer.debitAccount());
        long amount = transfer.amount();
        return switch (transfer.status()) {
            case PENDING -> new AccountBalance(account, Math.addExact(debitsPending, amount), creditsPending,
                                               debitsPosted, creditsPosted);
            case POSTED -> transfer.resolves()
                    ? new AccountBalance(account, Math.subtractExact(debitsPending, amount), creditsPending,
                                         Math.addExact(debitsPosted, amount), creditsPosted)
                    : new AccountBalance(account, debitsPending, creditsPending, Math.addExact(debitsPosted, amount),
                                         creditsPosted);
            case VOIDED -> new AccountBalance(account, Math.subtractExact(debitsPending, amount), creditsPending,
                                              debitsPosted, creditsPosted);
        };
    }

    /** This account as the credit side of {@code transfer}. */
    AccountBalance creditedBy(Transfer transfer) {
        requireSide(transfer, transfer.creditAccount());
        long amount = transfer.amount();
        return switch (transfer.status()) {
            case PENDING -> new AccountBalance(account, debitsPending, Math.addExact(creditsPending, amount),
                                               debitsPosted, creditsPosted);
            case POSTED -> transfer.resolves()
                    ? new AccountBalance(account, debitsPending, Math.subtractExact(creditsPending, amount),
                                         debitsPosted, Math.addExact(creditsPosted, amount))
                    : new AccountBalance(account, debitsPending, creditsPending, debitsPosted,
                                         Math.addExact(creditsPosted, amount));
            case VOIDED -> new AccountBalance(account, debitsPending, Math.subtractExact(creditsPending, amount),
                                              debitsPosted, creditsPosted);
        };
    }

    /**
     * No total below zero, and no balance below zero on the normal side even if every pending amount posted:
     * a credit-normal account's debits (pending and posted) never exceed its posted credits, a debit-normal account's
     * credits never exceed its posted debits.
     */
    void requireNotNegative(String after) {
        if (debitsPending < 0 || creditsPending < 0 || debitsPosted < 0 || creditsPosted < 0) {
            throw new LedgerInvariantViolation("account " + account.id() + " has a negative total after " + after
                                               + ": " + this);
        }
        boolean negative = account.kind().debitNormal()
                ? Math.addExact(creditsPending, creditsPosted) > debitsPosted
                : Math.addExact(debitsPending, debitsPosted) > creditsPosted;
        if (negative) {
            throw new LedgerInvariantViolation("account " + account.id() + " would go below zero after " + after
                                               + ": " + this);
        }
    }

    private void requireSide(Transfer transfer, String accountId) {
        if (!account.id().equals(accountId)) {
            throw new IllegalArgumentException("transfer " + transfer.id() + " does not touch " + account.id());
        }
        if (transfer.asset() != account.asset()) {
            throw new LedgerInvariantViolation("transfer " + transfer.id() + " in " + transfer.asset()
                                               + " touches " + account.id());
        }
    }
}
