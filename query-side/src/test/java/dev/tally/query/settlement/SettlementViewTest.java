package dev.tally.query.settlement;

import dev.tally.query.KeysetCursor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class SettlementViewTest {

    @ParameterizedTest
    @CsvSource({"100, 1.00", "250, 2.50", "5, 0.05", "1, 0.01", "0, 0.00", "10000, 100.00", "125, 1.25"})
    void theFeePercentageIsTheBasisPointsAsAPercentWithTwoDecimals(int basisPoints, String percentage) {
        assertThat(SettlementView.percentage(basisPoints)).isEqualTo(percentage);
    }

    @Test
    void aCursorRoundTripsAtMicrosecondPrecision() {
        KeysetCursor cursor = new KeysetCursor(Instant.parse("2026-03-01T10:00:00.123456Z"), "stl_abcdefgh1");
        assertThat(KeysetCursor.decode(cursor.encode())).contains(cursor);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "***", "bm90LWEtY3Vyc29y", "OnN0bF94"})
    void garbageIsNoCursor(String text) {
        assertThat(KeysetCursor.decode(text)).isEmpty();
    }

    @Test
    void aCursorWithoutAnIdIsNoCursor() {
        String noId = Base64.getUrlEncoder().withoutPadding().encodeToString("123:".getBytes(StandardCharsets.UTF_8));
        assertThat(KeysetCursor.decode(noId)).isEmpty();
    }
}
