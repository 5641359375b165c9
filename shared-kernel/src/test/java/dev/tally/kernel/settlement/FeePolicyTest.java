package dev.tally.kernel.settlement;

import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.statistics.Statistics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fee split: examples as JUnit tests, laws as jqwik properties. The properties compare against
 * {@link #referenceFeeUnits}, a BigDecimal implementation written independently of {@link FeePolicy}'s integer one.
 */
class FeePolicyTest {
    private static final long GROSS_UNITS_MAX = 100_000_000_000_000_000L; // 10^17 base units = 10^11 USDT
    private static final int DECIMALS = Asset.USDT.decimals();

    private static TokenAmount usdt(String text) {
        return TokenAmount.parse(text, Asset.USDT);
    }

    private static TokenAmount units(long baseUnits) {
        return TokenAmount.ofBaseUnits(Asset.USDT, baseUnits);
    }

    // --- examples ------------------------------------------------------------------------------------------------

    @Test
    void theDesignExample_9_99AtOnePercentIsFee0_10Net9_89() {
        FeeSplit split = FeePolicy.split(usdt("9.99"), 100, 2);

        assertThat(split.gross()).isEqualTo(usdt("9.99"));
        assertThat(split.fee()).isEqualTo(usdt("0.10"));
        assertThat(split.net()).isEqualTo(usdt("9.89"));
    }

    @ParameterizedTest(name = "{0} USDT at {1} bps, scale {2} -> fee {3}, net {4}")
    @CsvSource({
            // rate 0: no fee at all
            "9.99,        0,     2, 0,        9.99",
            "1000000,     0,     6, 0,        1000000",
            // rate 10 000 bps (100 %): the whole gross is fee
            "9.99,        10000, 2, 9.99,     0",
            "12.345678,   10000, 2, 12.345678, 0", // 12.35 after rounding would exceed the gross: capped
            "12.345678,   10000, 6, 12.345678, 0",
            // scale 6: exact to the base unit, no rounding needed
            "9.99,        100,   6, 0.0999,   9.8901",
            "123.456789,  250,   6, 3.086420, 120.370369", // 3.086419725 -> 3.086420 (half-up at the 6th)
            // half-up at the cent: exactly half rounds up, just below half rounds down
            "0.50,        100,   2, 0.01,     0.49",   // 0.005 -> 0.01
            "0.49,        100,   2, 0.00,     0.49",   // 0.0049 -> 0.00
            "1.50,        100,   2, 0.02,     1.48",   // 0.015 -> 0.02 (half-up, not half-even)
            "2.50,        100,   2, 0.03,     2.47",   // 0.025 -> 0.03 (half-even would give 0.02)
            "0.499999,    100,   2, 0.00,     0.499999",
            "0.500001,    100,   2, 0.01,     0.490001",
            // scale 0: whole tokens
            "149.99,      100,   0, 1,        148.99", // 1.4999 -> 1
            "150,         100,   0, 2,        148",    // 1.5 -> 2
            // tiny gross: rounding up would exceed the gross, so the fee is the gross
            "0.006,       10000, 2, 0.006,    0",      // 0.006 -> 0.01 > 0.006
            "0.006,       9000,  2, 0.006,    0",      // 0.0054 -> 0.01 > 0.006
            "0.000001,    10000, 2, 0,        0.000001", // 0.000001 -> 0.00: nothing to cap
            "0,           100,   2, 0,        0"
    })
    void splitsExamples(String gross, int bps, int scale, String fee, String net) {
        FeeSplit split = FeePolicy.split(usdt(gross), bps, scale);

        assertThat(split.fee()).as("fee").isEqualTo(usdt(fee));
        assertThat(split.net()).as("net").isEqualTo(usdt(net));
        assertThat(split.gross()).as("gross").isEqualTo(usdt(gross));
    }

    @Test
    void theLargestAmountsDoNotOverflow() {
        FeeSplit split = FeePolicy.split(units(Long.MAX_VALUE), 10_000, 6);

        assertThat(split.fee()).isEqualTo(units(Long.MAX_VALUE));
        assertThat(split.net()).isEqualTo(units(0));
        assertThat(FeePolicy.split(units(Long.MAX_VALUE), 9_999, 2).fee().baseUnits())
                .isEqualTo(referenceFeeUnits(Long.MAX_VALUE, 9_999, 2));
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 10_001, Integer.MIN_VALUE, Integer.MAX_VALUE})
    void refusesARateOutside0To10000BasisPoints(int bps) {
        assertThatThrownBy(() -> FeePolicy.split(usdt("9.99"), bps, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("basis points");
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 7, Integer.MAX_VALUE})
    void refusesAScaleOutside0ToTheAssetsDecimals(int scale) {
        assertThatThrownBy(() -> FeePolicy.split(usdt("9.99"), 100, scale))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fee scale");
    }

    // --- properties ----------------------------------------------------------------------------------------------

    /** Mostly the whole range; a share of tiny amounts (below one cent) so that the cap is exercised too. */
    @Provide
    Arbitrary<Long> grossUnits() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.longs().between(0, GROSS_UNITS_MAX)),
                Tuple.of(1, Arbitraries.longs().between(0, 10_000)));
    }

    @Property
    void grossIsExactlyFeePlusNet(@ForAll("grossUnits") long gross, @ForAll @IntRange(max = 10_000) int bps,
                                  @ForAll @IntRange(max = 6) int scale) {
        FeeSplit split = FeePolicy.split(units(gross), bps, scale);

        assertThat(split.gross().baseUnits()).isEqualTo(gross);
        assertThat(Math.addExact(split.fee().baseUnits(), split.net().baseUnits())).isEqualTo(gross);
    }

    @Property
    void theFeeNeverExceedsTheGross(@ForAll("grossUnits") long gross, @ForAll @IntRange(max = 10_000) int bps,
                                    @ForAll @IntRange(max = 6) int scale) {
        FeeSplit split = FeePolicy.split(units(gross), bps, scale);

        assertThat(split.fee().baseUnits()).isBetween(0L, gross);
        assertThat(split.net().baseUnits()).isBetween(0L, gross);
    }

    @Property
    void theFeeIsAWholeNumberOfScaleUnitsUnlessCappedAtTheGross(
            @ForAll("grossUnits") long gross, @ForAll @IntRange(max = 10_000) int bps,
            @ForAll @IntRange(max = 6) int scale) {
        long fee = FeePolicy.split(units(gross), bps, scale).fee().baseUnits();
        long scaleUnit = BigDecimal.ONE.movePointRight(DECIMALS - scale).longValueExact();

        boolean capped = fee == gross && fee % scaleUnit != 0;
        Statistics.label("capped").collect(capped);
        if (!capped) {
            assertThat(fee % scaleUnit).as("fee %d modulo %d", fee, scaleUnit).isZero();
        }
        Statistics.label("capped").coverage(coverage -> {
            coverage.check(true).count((Integer count) -> count > 0);
            coverage.check(false).count((Integer count) -> count > 0);
        });
    }

    @Property
    void theFeeIsTheHalfUpRoundedShareOfTheGrossCappedAtTheGross(
            @ForAll("grossUnits") long gross, @ForAll @IntRange(max = 10_000) int bps,
            @ForAll @IntRange(max = 6) int scale) {
        assertThat(FeePolicy.split(units(gross), bps, scale).fee().baseUnits())
                .isEqualTo(referenceFeeUnits(gross, bps, scale));
    }

    /** Rates that divide 5 000 bps, so that a gross can be built whose fee is exactly k + ½ units of the scale. */
    @Provide
    Arbitrary<Integer> bpsDividing5000() {
        return Arbitraries.of(1, 2, 4, 5, 8, 10, 20, 25, 40, 50, 100, 125, 200, 250, 500, 625, 1000, 1250, 2500, 5000);
    }

    /** Ties are too rare among random amounts to test half-up; here every case is one: k + ½ always becomes k + 1. */
    @Property
    void anExactHalfAlwaysRoundsUp(@ForAll @LongRange(max = 10_000_000) long k,
                                   @ForAll("bpsDividing5000") int bps, @ForAll @IntRange(max = 6) int scale) {
        long scaleUnit = BigDecimal.ONE.movePointRight(DECIMALS - scale).longValueExact();
        long gross = (2 * k + 1) * scaleUnit * (5_000 / bps); // gross × bps / 10 000 = (k + ½) × scaleUnit

        long fee = FeePolicy.split(units(gross), bps, scale).fee().baseUnits();

        assertThat(fee).isEqualTo(Math.min((k + 1) * scaleUnit, gross));
        assertThat(fee).isEqualTo(referenceFeeUnits(gross, bps, scale));
    }

    @Property
    void aHigherRateNeverGivesASmallerFee(@ForAll("grossUnits") long gross, @ForAll @IntRange(max = 10_000) int bpsA,
                                          @ForAll @IntRange(max = 10_000) int bpsB,
                                          @ForAll @IntRange(max = 6) int scale) {
        int lower = Math.min(bpsA, bpsB);
        int higher = Math.max(bpsA, bpsB);

        assertThat(FeePolicy.split(units(gross), lower, scale).fee())
                .isLessThanOrEqualTo(FeePolicy.split(units(gross), higher, scale).fee());
    }

    @Property
    void anyRateOutsideTheRangeIsRefused(@ForAll("grossUnits") long gross, @ForAll int bps,
                                         @ForAll @IntRange(max = 6) int scale) {
        if (bps >= 0 && bps <= 10_000) {
            assertThat(FeePolicy.split(units(gross), bps, scale)).isNotNull();
        } else {
            assertThatThrownBy(() -> FeePolicy.split(units(gross), bps, scale))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    /**
     * The rule as the design states it, in decimal tokens: gross × bps / 10 000, rounded half-up to {@code scale}
     * decimals, never more than the gross. Returned in base units.
     */
    static long referenceFeeUnits(long grossUnits, int bps, int scale) {
        BigDecimal gross = BigDecimal.valueOf(grossUnits, DECIMALS);
        BigDecimal exact = gross.multiply(BigDecimal.valueOf(bps)).divide(BigDecimal.valueOf(10_000));
        BigDecimal rounded = exact.setScale(scale, RoundingMode.HALF_UP);
        return rounded.min(gross).movePointRight(DECIMALS).longValueExact();
    }
}
