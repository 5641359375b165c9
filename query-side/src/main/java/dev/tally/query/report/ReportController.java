package dev.tally.query.report;

import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.platform.security.Role;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.query.ledger.ListUnappliedFunds;
import dev.tally.query.ledger.UnappliedFund;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;

/**
 * Reports as JSON, or as CSV with {@code Accept: text/csv} (or {@code ?format=csv}, for plain download links).
 * Dates are UTC dates, {@code from} and {@code to} inclusive.
 */
@RestController
@RequestMapping("/api/v1/reports")
@Tag(name = "Reports")
@SecurityRequirement(name = "apiKey")
public class ReportController {
    static final MediaType TEXT_CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final String CAN_READ = "hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.REPORTS_READ + "')";
    private static final String CAN_READ_OR_ADMIN = "hasRole('ADMIN') or (" + CAN_READ + ")";

    private final QueryGateway queries;
    private final Clock clock;

    public ReportController(QueryGateway queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    public record DailySettlements(String from, String to, List<DailySettlementMetric> items) {
    }

    public record ConfirmationStats(String from, String to, List<ConfirmationStat> items) {
    }

    public record UnappliedFunds(String from, String to, List<UnappliedFund> items) {
    }

    @GetMapping(path = "/unapplied-funds", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(CAN_READ)
    @Operation(summary = "Unapplied funds by when they arose",
               description = "Confirmed money that pays no invoice — after the invoice was paid or cancelled, of an "
                             + "invoice that expired underpaid, a late payment short or not accepted — with its "
                             + "reason; reversedAt where a reorg took it away again. The merchant's, never revenue.")
    public ResponseEntity<?> unappliedFunds(@AuthenticationPrincipal TallyPrincipal caller,
                                            @RequestParam(required = false) String from,
                                            @RequestParam(required = false) String to,
                                            @RequestParam(required = false) String format) {
        ReportRange range = ReportRange.parse(from, to, clock);
        List<UnappliedFund> items = unappliedFunds(caller, range);
        if ("csv".equalsIgnoreCase(format)) {
            return csv(unappliedFundsCsv(items), "unapplied-funds", range);
        }
        return ResponseEntity.ok(new UnappliedFunds(range.from().toString(), range.to().toString(), items));
    }

    @GetMapping(path = "/unapplied-funds", produces = "text/csv")
    @PreAuthorize(CAN_READ)
    public ResponseEntity<String> unappliedFundsCsv(@AuthenticationPrincipal TallyPrincipal caller,
                                                    @RequestParam(required = false) String from,
                                                    @RequestParam(required = false) String to) {
        ReportRange range = ReportRange.parse(from, to, clock);
        return csv(unappliedFundsCsv(unappliedFunds(caller, range)), "unapplied-funds", range);
    }

    private List<UnappliedFund> unappliedFunds(TallyPrincipal caller, ReportRange range) {
        return queries.query(new ListUnappliedFunds(caller.requireMerchant(), range.from(), range.to(), caller.mode()),
                             ResponseTypes.multipleInstancesOf(UnappliedFund.class)).join();
    }

    static String unappliedFundsCsv(List<UnappliedFund> items) {
        Csv csv = new Csv().row(List.of("unapplied_at", "invoice_id", "payment_id", "asset", "amount", "reason",
                                        "reversed_at", "refunded", "refunded_at"));
        items.forEach(u -> csv.row(java.util.Arrays.asList(u.unappliedAt(), u.invoiceId(), u.paymentId(),
                u.asset().code(), u.amount(), u.reason(), u.reversedAt(), u.refunded(), u.refundedAt())));
        return csv.toString();
    }

    @GetMapping(path = "/daily-settlements", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(CAN_READ)
    @Operation(summary = "Settlements per UTC date", description = "Gross volume, fees collected, net and count.")
    public ResponseEntity<?> dailySettlements(@AuthenticationPrincipal TallyPrincipal caller,
                                              @Parameter(description = "ISO date, inclusive; default 29 days before to")
                                              @RequestParam(required = false) String from,
                                              @Parameter(description = "ISO date, inclusive; default today (UTC)")
                                              @RequestParam(required = false) String to,
                                              @Parameter(description = "csv for a CSV download")
                                              @RequestParam(required = false) String format) {
        caller.requireMerchant();
        ReportRange range = ReportRange.parse(from, to, clock);
        List<DailySettlementMetric> items = dailySettlements(caller, range);
        if ("csv".equalsIgnoreCase(format)) {
            return csv(dailySettlementsCsv(items), "daily-settlements", range);
        }
        return ResponseEntity.ok(new DailySettlements(range.from().toString(), range.to().toString(), items));
    }

    @GetMapping(path = "/daily-settlements", produces = "text/csv")
    @PreAuthorize(CAN_READ)
    public ResponseEntity<String> dailySettlementsCsv(@AuthenticationPrincipal TallyPrincipal caller,
                                                      @RequestParam(required = false) String from,
                                                      @RequestParam(required = false) String to) {
        ReportRange range = ReportRange.parse(from, to, clock);
        return csv(dailySettlementsCsv(dailySettlements(caller, range)), "daily-settlements", range);
    }

    @GetMapping(path = "/confirmation-stats", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize(CAN_READ_OR_ADMIN)
    @Operation(summary = "Payment confirmation statistics per UTC date and chain",
               description = "Average and p95 seconds from detection to confirmation; failed and orphaned rates. Of "
                             + "the caller's own payments; the admin key sees the whole platform's.")
    public ResponseEntity<?> confirmationStats(@AuthenticationPrincipal TallyPrincipal caller,
                                               @RequestParam(required = false) String from,
                                               @RequestParam(required = false) String to,
                                               @RequestParam(required = false) String format) {
        ReportRange range = ReportRange.parse(from, to, clock);
        List<ConfirmationStat> items = confirmationStats(caller, range);
        if ("csv".equalsIgnoreCase(format)) {
            return csv(confirmationStatsCsv(items), "confirmation-stats", range);
        }
        return ResponseEntity.ok(new ConfirmationStats(range.from().toString(), range.to().toString(), items));
    }

    @GetMapping(path = "/confirmation-stats", produces = "text/csv")
    @PreAuthorize(CAN_READ_OR_ADMIN)
    public ResponseEntity<String> confirmationStatsCsv(@AuthenticationPrincipal TallyPrincipal caller,
                                                       @RequestParam(required = false) String from,
                                                       @RequestParam(required = false) String to) {
        ReportRange range = ReportRange.parse(from, to, clock);
        return csv(confirmationStatsCsv(confirmationStats(caller, range)), "confirmation-stats", range);
    }

    private List<DailySettlementMetric> dailySettlements(TallyPrincipal caller, ReportRange range) {
        return queries.query(new ListDailySettlementMetrics(caller.requireMerchant(), range.from(), range.to(),
                                                            caller.mode()),
                             ResponseTypes.multipleInstancesOf(DailySettlementMetric.class)).join();
    }

    private List<ConfirmationStat> confirmationStats(TallyPrincipal caller, ReportRange range) {
        ListConfirmationStats query = caller.role() == Role.ADMIN
                                      ? ListConfirmationStats.platform(range.from(), range.to())
                                      : new ListConfirmationStats(caller.requireMerchant(), range.from(), range.to(),
                                                                  caller.mode());
        return queries.query(query,
                             ResponseTypes.multipleInstancesOf(ConfirmationStat.class)).join();
    }

    static String dailySettlementsCsv(List<DailySettlementMetric> items) {
        Csv csv = new Csv().row(List.of("date", "asset", "gross_volume", "fees_collected", "net", "settlement_count"));
        items.forEach(m -> csv.row(List.of(m.date(), m.asset().code(), m.grossVolume(), m.feesCollected(), m.net(),
                                           m.settlementCount())));
        return csv.toString();
    }

    static String confirmationStatsCsv(List<ConfirmationStat> items) {
        Csv csv = new Csv().row(List.of("date", "chain", "payments", "confirmed", "failed", "orphaned",
                "average_confirmation_seconds", "p95_confirmation_seconds", "failed_rate", "orphaned_rate"));
        items.forEach(s -> csv.row(java.util.Arrays.asList(s.date(), s.chain().code(), s.payments(), s.confirmed(),
                s.failed(), s.orphaned(), s.averageConfirmationSeconds(), s.p95ConfirmationSeconds(), s.failedRate(),
                s.orphanedRate())));
        return csv.toString();
    }

    private static ResponseEntity<String> csv(String body, String name, ReportRange range) {
        return ResponseEntity.ok()
                .contentType(TEXT_CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(name + "_" + range.from() + "_" + range.to() + ".csv").build().toString())
                .body(body);
    }
}
