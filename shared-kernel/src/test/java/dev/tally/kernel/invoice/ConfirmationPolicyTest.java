package dev.tally.kernel.invoice;

import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ConfirmationPolicyTest {

    @ParameterizedTest(name = "{0} USDT needs {1}")
    @CsvSource({
            "0.000001, 1",
            "99.999999, 1",
            "100, 12",
            "9999.999999, 12",
            "10000, 19",
            "1000000, 19"
    })
    void thresholdsFollowTheAmount(String amount, int confirmations) {
        assertThat(ConfirmationPolicy.requiredConfirmations(TokenAmount.parse(amount, Asset.USDT), null))
                .isEqualTo(confirmations);
    }

    @Test
    void theMerchantsOverrideWins() {
        assertThat(ConfirmationPolicy.requiredConfirmations(TokenAmount.parse("50000", Asset.USDT), 3)).isEqualTo(3);
        assertThat(ConfirmationPolicy.requiredConfirmations(TokenAmount.parse("1", Asset.USDT), 40)).isEqualTo(40);
    }
}
