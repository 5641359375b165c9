package dev.tally.kernel.money;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenAmountTest {

    @ParameterizedTest
    @CsvSource({
            "12.50, 12500000",
            "12.5, 12500000",
            "0.000001, 1",
            "1, 1000000",
            "0, 0",
            "1000000, 1000000000000",
            "9999.999999, 9999999999",
            "007.10, 7100000"
    })
    void parsesPlainDecimalsToExactBaseUnits(String text, long baseUnits) {
        assertThat(TokenAmount.parse(text, Asset.USDT)).isEqualTo(TokenAmount.ofBaseUnits(Asset.USDT, baseUnits));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "+1", "1e400", "1E2", "1.1234567", "1,5", "1.", ".5", "0x10", "NaN",
            "Infinity", "1 000", "", "  ", "99999999999999999999999"})
    void refusesAnythingButAPlainDecimalWithinTheAssetsPrecision(String text) {
        assertThatThrownBy(() -> TokenAmount.parse(text, Asset.USDT)).isInstanceOf(InvalidAmountException.class);
    }

    @Test
    void tooManyDecimalsSaysWhy() {
        assertThatThrownBy(() -> TokenAmount.parse("1.1234567", Asset.USDT))
                .hasMessageContaining("more than 6 decimal places");
    }

    @Test
    void trailingZerosBeyondThePrecisionAreTheSameAmount() {
        assertThat(TokenAmount.parse("1.50000000", Asset.USDT).baseUnits()).isEqualTo(1_500_000);
    }

    @Test
    void rendersDecimalStringsWithAtLeastTwoDecimals() {
        assertThat(TokenAmount.ofBaseUnits(Asset.USDT, 12_500_000).toDecimalString()).isEqualTo("12.50");
        assertThat(TokenAmount.ofBaseUnits(Asset.USDT, 1).toDecimalString()).isEqualTo("0.000001");
        assertThat(TokenAmount.ofBaseUnits(Asset.USDT, 9_990_000).toDecimalString()).isEqualTo("9.99");
        assertThat(TokenAmount.ofBaseUnits(Asset.USDT, 1_000_000_000_000L).toDecimalString()).isEqualTo("1000000.00");
    }

    @Test
    void arithmeticIsExactAndNeverWraps() {
        TokenAmount a = TokenAmount.parse("0.1", Asset.USDT);
        TokenAmount b = TokenAmount.parse("0.2", Asset.USDT);
        assertThat(a.plus(b)).isEqualTo(TokenAmount.parse("0.3", Asset.USDT));
        assertThat(b.minus(a)).isEqualTo(a);
        assertThatThrownBy(() -> a.minus(b)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenAmount.ofBaseUnits(Asset.USDT, Long.MAX_VALUE).plus(a))
                .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void negativeAmountsDoNotExist() {
        assertThatThrownBy(() -> TokenAmount.ofBaseUnits(Asset.USDT, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
