package dev.tally.query.dashboard;

import dev.tally.kernel.access.ApiScope;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.query.attention.AttentionItem;
import dev.tally.query.attention.ListOpenAttention;
import dev.tally.query.live.LiveStreams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.util.List;
import java.util.Optional;

/** The merchant's dashboard totals, once or live (merchant API key, or the dashboard's session cookie). */
@RestController
@RequestMapping("/api/v1/dashboard")
@Tag(name = "Dashboard")
@SecurityRequirement(name = "apiKey")
public class DashboardController {
    private final QueryGateway queries;
    private final LiveStreams streams;

    public DashboardController(QueryGateway queries, LiveStreams streams) {
        this.queries = queries;
        this.streams = streams;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.REPORTS_READ + "')")
    @Operation(summary = "Dashboard totals", description = "Per asset: settled gross volume, fees, net, invoice "
                                                           + "counts by status, conversion rate, last payment.")
    public DashboardView get(@AuthenticationPrincipal TallyPrincipal caller) {
        return queries.query(new GetMerchantDashboard(caller.requireMerchant(), caller.mode()),
                             ResponseTypes.instanceOf(DashboardView.class)).join();
    }

    public record Attention(List<AttentionItem> items) {
    }

    @GetMapping(path = "/attention", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.REPORTS_READ + "')")
    @Operation(summary = "Needs attention", description = "Work waiting for a person, oldest first (at most 100): "
            + "payments neither confirmed nor failed long after detection (PAYMENT_STUCK, until the payment moves on) "
            + "and steps the platform could not take (COMMAND_REFUSED, e.g. an invoice that refused to be marked "
            + "settled, until the invoice reaches an end).")
    public Attention attention(@AuthenticationPrincipal TallyPrincipal caller) {
        return new Attention(queries.query(new ListOpenAttention(caller.requireMerchant(), 100, caller.mode()),
                                           ResponseTypes.multipleInstancesOf(AttentionItem.class)).join());
    }

    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.REPORTS_READ + "')")
    @Operation(summary = "Dashboard totals, live", description = "Server-sent events: 'dashboard' with the totals, "
                                                                 + "first the current ones, then on every change.")
    public SseEmitter stream(@AuthenticationPrincipal TallyPrincipal caller) {
        return streams.stream(new GetMerchantDashboard(caller.requireMerchant(), caller.mode()),
                              ResponseTypes.instanceOf(DashboardView.class), Optional::of, DashboardView.class,
                              "dashboard", view -> false);
    }
}
