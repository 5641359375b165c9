package dev.tally.command.invoice;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.CreateInvoice;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.platform.web.FieldError;
import dev.tally.platform.web.InvalidRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class InvoiceCreationRulesTest {
    private static final BigDecimal MAX = new BigDecimal("1000000");
    private static final InvoiceId INVOICE = InvoiceId.of("inv_3kT9pQ2mLx7vRz8w");
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");

    private static CreateInvoice command(String amount, String orderId, String description,
                                         Map<String, String> metadata, Duration expiry) {
        return new CreateInvoice(INVOICE, MERCHANT, amount == null ? null : TokenAmount.parse(amount, Asset.USDT),
                Chain.TRON, orderId, description, metadata, expiry, Mode.LIVE);
    }

    private static CreateInvoice valid() {
        return command("12.50", "order-1042", "Two flat whites", Map.of("table", "4"), Duration.ofMinutes(15));
    }

    private static void assertRefused(CreateInvoice command) {
        DomainException e = catchThrowableOfType(() -> InvoiceCreationHandler.check(command, MAX),
                DomainException.class);
        assertThat(e).as("a DomainException for %s", command).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.RULE_VIOLATION);
    }

    private static void assertAccepted(CreateInvoice command) {
        assertThatCode(() -> InvoiceCreationHandler.check(command, MAX)).doesNotThrowAnyException();
    }

    /** A map whose JSON (as {@link InvoiceCreationHandler#metadataBytes} counts it) is exactly {@code bytes} long. */
    private static Map<String, String> metadataOfBytes(int bytes) {
        // {"k":"v…"} = 2 + (1 + v + 6)
        Map<String, String> metadata = Map.of("k", "v".repeat(bytes - 9));
        assertThat(InvoiceCreationHandler.metadataBytes(metadata)).isEqualTo(bytes);
        return metadata;
    }

    private static Map<String, String> metadataOfEntries(int entries) {
        Map<String, String> metadata = new HashMap<>();
        for (int i = 0; i < entries; i++) {
            metadata.put("k" + i, "v");
        }
        return metadata;
    }

    // --- InvoiceCreationHandler.check ----------------------------------------------------------------------------

    @Test
    void aValidCommandIsAccepted() {
        assertAccepted(valid());
    }

    @Test
    void aZeroAmountIsRefused() {
        assertRefused(command("0", "order-1", null, null, Duration.ofMinutes(15)));
        assertRefused(command("0.000000", "order-1", null, null, Duration.ofMinutes(15)));
    }

    @Test
    void aMissingAmountIsRefused() {
        assertRefused(command(null, "order-1", null, null, Duration.ofMinutes(15)));
    }

    @Test
    void theSmallestAmountIsAccepted() {
        assertAccepted(command("0.000001", "order-1", null, null, Duration.ofMinutes(15)));
    }

    @Test
    void anAmountAboveTheMaximumIsRefused() {
        assertRefused(command("1000000.000001", "order-1", null, null, Duration.ofMinutes(15)));
        assertRefused(command("2000000", "order-1", null, null, Duration.ofMinutes(15)));
    }

    @Test
    void exactlyTheMaximumIsAccepted() {
        assertAccepted(command("1000000", "order-1", null, null, Duration.ofMinutes(15)));
    }

    @Test
    void theMaximumIsTheOneGiven() {
        CreateInvoice command = command("100.01", "order-1", null, null, Duration.ofMinutes(15));
        assertThatCode(() -> InvoiceCreationHandler.check(command, new BigDecimal("100.01")))
                .doesNotThrowAnyException();
        DomainException e = catchThrowableOfType(
                () -> InvoiceCreationHandler.check(command, new BigDecimal("100")), DomainException.class);
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.RULE_VIOLATION);
    }

    @Test
    void aMissingChainIsRefused() {
        assertRefused(new CreateInvoice(INVOICE, MERCHANT, TokenAmount.parse("1", Asset.USDT), null, "order-1",
                null, null, Duration.ofMinutes(15), Mode.LIVE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t  \n"})
    void aBlankOrderIdIsRefused(String orderId) {
        assertRefused(command("1", orderId, null, null, Duration.ofMinutes(15)));
    }

    @Test
    void aMissingOrderIdIsRefused() {
        assertRefused(command("1", null, null, null, Duration.ofMinutes(15)));
    }

    @Test
    void anOrderIdOf129CharactersIsRefusedAnd128Accepted() {
        assertRefused(command("1", "o".repeat(129), null, null, Duration.ofMinutes(15)));
        assertAccepted(command("1", "o".repeat(128), null, null, Duration.ofMinutes(15)));
    }

    @Test
    void aDescriptionOf1001CharactersIsRefusedAnd1000Accepted() {
        assertRefused(command("1", "order-1", "d".repeat(1001), null, Duration.ofMinutes(15)));
        assertAccepted(command("1", "order-1", "d".repeat(1000), null, Duration.ofMinutes(15)));
    }

    @Test
    void metadataOver4096BytesIsRefusedAndExactly4096Accepted() {
        assertRefused(command("1", "order-1", null, metadataOfBytes(4097), Duration.ofMinutes(15)));
        assertAccepted(command("1", "order-1", null, metadataOfBytes(4096), Duration.ofMinutes(15)));
    }

    @Test
    void metadataBytesAreCountedInUtf8() {
        // "é" is 2 bytes in UTF-8: 2 + (1 + 2 * 2044 + 6) = 4097 bytes though only 2045 characters.
        Map<String, String> metadata = Map.of("k", "é".repeat(2044));
        assertThat(InvoiceCreationHandler.metadataBytes(metadata)).isEqualTo(4097);
        assertRefused(command("1", "order-1", null, metadata, Duration.ofMinutes(15)));
    }

    @Test
    void metadataOver50EntriesIsRefusedAnd50Accepted() {
        assertRefused(command("1", "order-1", null, metadataOfEntries(51), Duration.ofMinutes(15)));
        assertAccepted(command("1", "order-1", null, metadataOfEntries(50), Duration.ofMinutes(15)));
    }

    @Test
    void anExpiryOfZeroOrLessIsRefused() {
        assertRefused(command("1", "order-1", null, null, Duration.ZERO));
        assertRefused(command("1", "order-1", null, null, Duration.ofMinutes(-1)));
        assertRefused(command("1", "order-1", null, null, Duration.ofNanos(-1)));
    }

    @Test
    void aMissingExpiryIsRefused() {
        assertRefused(command("1", "order-1", null, null, null));
    }

    @Test
    void anExpiryOver1440MinutesIsRefused() {
        assertRefused(command("1", "order-1", null, null, Duration.ofMinutes(1441)));
        assertRefused(command("1", "order-1", null, null, Duration.ofMinutes(1440).plusNanos(1)));
    }

    @Test
    void anExpiryOfExactly1440MinutesOrOneMinuteIsAccepted() {
        assertAccepted(command("1", "order-1", null, null, Duration.ofMinutes(1440)));
        assertAccepted(command("1", "order-1", null, null, Duration.ofMinutes(1)));
    }

    // --- CreateInvoiceRequest.toCommand --------------------------------------------------------------------------

    @Test
    void aValidRequestBecomesACommandWithDefaults() {
        var request = new CreateInvoiceRequest("12.50", "usdt", "Tron", "  order-1042 \t", null, null, null);

        CreateInvoice command = request.toCommand(INVOICE, MERCHANT, Mode.TEST, MAX);

        assertThat(command).isEqualTo(new CreateInvoice(INVOICE, MERCHANT,
                TokenAmount.ofBaseUnits(Asset.USDT, 12_500_000L), Chain.TRON, "order-1042", null, Map.of(),
                Duration.ofMinutes(15), Mode.TEST));
        assertThat(command.metadata()).isEmpty();
        assertThat(command.expiresAfter()).isEqualTo(Duration.ofMinutes(15));
        assertThatCode(() -> InvoiceCreationHandler.check(command, MAX)).doesNotThrowAnyException();
    }

    @Test
    void givenFieldsAreCarriedOver() {
        var request = new CreateInvoiceRequest("1000000", "USDT", "ethereum", "order-9", "A description",
                Map.of("table", "4"), 1440);

        CreateInvoice command = request.toCommand(INVOICE, MERCHANT, Mode.LIVE, MAX);

        assertThat(command).isEqualTo(new CreateInvoice(INVOICE, MERCHANT,
                TokenAmount.parse("1000000", Asset.USDT), Chain.ETHEREUM, "order-9", "A description",
                Map.of("table", "4"), Duration.ofMinutes(1440), Mode.LIVE));
    }

    @Test
    void everyInvalidFieldIsNamed() {
        // An unsupported asset means the amount cannot be parsed, so the amount is left out here (missing).
        var request = new CreateInvoiceRequest(null, "BTC", "bitcoin", "   ", "d".repeat(1001),
                metadataOfEntries(51), 0);

        InvalidRequestException e = catchThrowableOfType(() -> request.toCommand(INVOICE, MERCHANT, Mode.LIVE, MAX),
                InvalidRequestException.class);

        assertThat(e).isNotNull();
        assertThat(e.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("asset", "amount", "chain", "orderId", "description", "metadata",
                        "expiryMinutes");
    }

    @Test
    void theFiveRequiredFieldsAreNamedWhenWrong() {
        var request = new CreateInvoiceRequest("", "", "", "o".repeat(129), null, null, 1441);

        InvalidRequestException e = catchThrowableOfType(() -> request.toCommand(INVOICE, MERCHANT, Mode.LIVE, MAX),
                InvalidRequestException.class);

        assertThat(e).isNotNull();
        assertThat(e.errors()).extracting(FieldError::field)
                .containsExactlyInAnyOrder("amount", "asset", "chain", "orderId", "expiryMinutes");
        assertThat(e.getMessage()).isEqualTo("5 fields are invalid");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1000000.000001", "-1", "1e3", "12.5000001", "abc"})
    void aBadAmountOfASupportedAssetIsNamed(String amount) {
        var request = new CreateInvoiceRequest(amount, "USDT", "tron", "order-1", null, null, 15);

        InvalidRequestException e = catchThrowableOfType(() -> request.toCommand(INVOICE, MERCHANT, Mode.LIVE, MAX),
                InvalidRequestException.class);

        assertThat(e).isNotNull();
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("amount");
    }

    @Test
    void aNullMetadataValueIsNamedByItsKey() {
        Map<String, String> metadata = new HashMap<>();
        metadata.put("table", null);
        var request = new CreateInvoiceRequest("1", "USDT", "tron", "order-1", null, metadata, 15);

        InvalidRequestException e = catchThrowableOfType(() -> request.toCommand(INVOICE, MERCHANT, Mode.LIVE, MAX),
                InvalidRequestException.class);

        assertThat(e).isNotNull();
        assertThat(e.errors()).extracting(FieldError::field).containsExactly("metadata.table");
    }
}
