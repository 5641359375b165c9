package dev.tally.query.ledger;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A batch is checked by its own changes: balanced changes pass, one-sided ones roll the batch back. */
class LedgerBatchTest {
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");
    private static final LedgerAccount CLEARING = LedgerAccount.customerClearing(Asset.USDT, Mode.TEST);
    private static final LedgerAccount PENDING = LedgerAccount.merchantPending(MERCHANT, Asset.USDT, Mode.TEST);

    @Test
    void changesThatBalanceArePassedAndOneSidedOnesRefused() {
        Map<String, AccountBalance> before = Map.of(
                CLEARING.id(), new AccountBalance(CLEARING, 0, 0, 500, 0),
                PENDING.id(), new AccountBalance(PENDING, 0, 0, 0, 500));
        Map<String, AccountBalance> balanced = Map.of(
                CLEARING.id(), new AccountBalance(CLEARING, 0, 0, 700, 0),
                PENDING.id(), new AccountBalance(PENDING, 0, 0, 0, 700));
        Map<String, AccountBalance> oneSided = Map.of(
                CLEARING.id(), new AccountBalance(CLEARING, 0, 0, 700, 0),
                PENDING.id(), new AccountBalance(PENDING, 0, 0, 0, 600));

        assertThatCode(() -> LedgerBatch.requireBalanced(before, balanced)).doesNotThrowAnyException();
        assertThatThrownBy(() -> LedgerBatch.requireBalanced(before, oneSided))
                .isInstanceOf(LedgerInvariantViolation.class)
                .hasMessageContaining("posted 200 / 100");
    }
}
