package dev.tally.command;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.InvalidAmountException;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.platform.web.InvalidRequestException;

/** What every request moving money out (a payout, a refund) checks the same way. */
public final class MoneyOutRequests {
    private MoneyOutRequests() {
    }

    /** A client's USDT amount, above zero. */
    public static TokenAmount positiveAmount(String text) {
        TokenAmount amount;
        try {
            amount = TokenAmount.parse(text, Asset.USDT);
        } catch (InvalidAmountException e) {
            throw new InvalidRequestException("amount", e.getMessage());
        }
        if (amount.isZero()) {
            throw new InvalidRequestException("amount", "must be greater than zero");
        }
        return amount;
    }

    /**
     * Money goes out on the sandbox chain only until a signer runs: a live key is refused, saying so.
     *
     * @param what {@code payouts}, {@code refunds}
     */
    public static void requireTestMode(TallyPrincipal caller, String what) {
        if (caller.mode().live()) {
            throw DomainException.ruleViolation("live " + what + " need the signer, which this deployment does not "
                                                + "run; test " + what + " (a tly_test_ key) are paid on the sandbox "
                                                + "chain");
        }
    }
}
