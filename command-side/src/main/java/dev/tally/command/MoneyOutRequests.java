package dev.tally.command;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.InvalidAmountException;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.platform.config.LiveMoneyOut;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.platform.web.InvalidRequestException;

import org.springframework.core.env.Environment;

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
     * Test money goes out on the sandbox chain; live money only where {@link LiveMoneyOut} says a signer and a sender
     * pay it: otherwise a live key is refused, saying why.
     *
     * @param what {@code payouts}, {@code refunds}
     */
    public static void requirePayable(TallyPrincipal caller, Chain chain, Environment environment, String what) {
        if (caller.mode().live()) {
            LiveMoneyOut.refusal(environment, chain, what).ifPresent(reason -> {
                throw DomainException.ruleViolation(reason);
            });
        }
    }
}
