package dev.tally.query.page;

import dev.tally.kernel.mode.Mode;
import dev.tally.platform.security.ApiKeyAuthentication;
import dev.tally.platform.security.ApiKeyAuthenticationProvider;
import dev.tally.platform.security.Role;
import dev.tally.platform.security.TallyPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.net.URI;
import java.util.Optional;

/**
 * The merchant dashboard: sign-in with an API key (kept in the HttpOnly session cookie, never in scripts or local
 * storage), the dashboard shell whose script reads the API with that cookie, and sign-out.
 */
@Controller
public class DashboardPageController {
    private final ApiKeyAuthenticationProvider keys;

    public DashboardPageController(ApiKeyAuthenticationProvider keys) {
        this.keys = keys;
    }

    @GetMapping(path = "/dashboard", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> dashboard(HttpServletRequest request, HttpServletResponse response) {
        Optional<String> key = DashboardSession.apiKey(request);
        Optional<TallyPrincipal> signedIn = key.flatMap(this::merchant);
        Optional<TallyPrincipal> merchant = signedIn.map(p -> DashboardSession.testView(request) ? p.inTestMode() : p);
        if (merchant.isEmpty()) {
            if (key.isPresent()) {
                DashboardSession.close(request, response); // revoked or otherwise no longer valid
            }
            return Pages.html(HttpStatus.OK, signIn(null));
        }
        String csrf = DashboardSession.csrfToken(request).orElse("");
        return Pages.html(HttpStatus.OK, Html.page("Tally dashboard", "dashboard",
                                                   shell(merchant.get(), signedIn.get().mode(), csrf),
                                                   "dashboard.js"));
    }

    /**
     * The test-mode switch: a live key's session views (and creates) test objects until switched back. A test key's
     * session is test mode whatever the switch says.
     */
    @PostMapping(path = "/dashboard/mode")
    public ResponseEntity<String> mode(@RequestParam(name = "mode", required = false) String mode,
                                       @RequestParam(name = DashboardSession.CSRF_FIELD, required = false) String csrf,
                                       HttpServletRequest request, HttpServletResponse response) {
        if (!DashboardSession.csrfMatches(request, csrf) || !sameOrigin(request)) {
            return Pages.html(HttpStatus.FORBIDDEN, Html.page("Forbidden", "dashboard",
                    "<main class=\"card\"><h1>Forbidden</h1><p>Switch modes from the dashboard itself.</p></main>",
                    null));
        }
        DashboardSession.view(request, response, "test".equals(mode));
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/dashboard")).build();
    }

    @PostMapping(path = "/dashboard/sign-in", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> signIn(@RequestParam(name = "apiKey", required = false) String apiKey,
                                         HttpServletRequest request, HttpServletResponse response) {
        if (!sameOrigin(request)) {
            return Pages.html(HttpStatus.FORBIDDEN, signIn("Sign in from Tally's own page."));
        }
        String trimmed = apiKey == null ? "" : apiKey.strip();
        if (merchant(trimmed).isEmpty()) {
            return Pages.html(HttpStatus.UNAUTHORIZED, signIn("That is not a valid merchant API key."));
        }
        DashboardSession.open(request, response, trimmed);
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/dashboard")).build();
    }

    @PostMapping(path = "/dashboard/sign-out")
    public ResponseEntity<String> signOut(@RequestParam(name = DashboardSession.CSRF_FIELD, required = false)
                                          String csrf, HttpServletRequest request, HttpServletResponse response) {
        if (!DashboardSession.csrfMatches(request, csrf) || !sameOrigin(request)) {
            return Pages.html(HttpStatus.FORBIDDEN, Html.page("Forbidden", "dashboard",
                    "<main class=\"card\"><h1>Forbidden</h1><p>Sign out from the dashboard itself.</p></main>", null));
        }
        DashboardSession.close(request, response);
        return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create("/dashboard")).build();
    }

    /** The merchant the key belongs to; empty for a key that is not one. Keys that cannot be checked now throw. */
    private Optional<TallyPrincipal> merchant(String apiKey) {
        try {
            TallyPrincipal principal = ((ApiKeyAuthentication) keys.authenticate(
                    ApiKeyAuthentication.unauthenticated(apiKey))).getPrincipal();
            return principal.role() == Role.MERCHANT ? Optional.of(principal) : Optional.empty();
        } catch (AuthenticationServiceException e) {
            throw e;
        } catch (AuthenticationException e) {
            return Optional.empty();
        }
    }

    /** Keys cannot be checked now (the database is away): the session stays, and the browser is asked to retry. */
    @ExceptionHandler(AuthenticationServiceException.class)
    ResponseEntity<String> keysUnavailable() {
        ResponseEntity<String> page = Pages.html(HttpStatus.SERVICE_UNAVAILABLE, Html.page(
                "Try again · Tally dashboard", "dashboard", "<main class=\"card narrow\"><h1>Try again in a moment</h1>"
                + "<p>The dashboard cannot check API keys right now. Nothing was changed.</p></main>", null));
        return ResponseEntity.status(page.getStatusCode()).headers(page.getHeaders())
                             .header(HttpHeaders.RETRY_AFTER, "5").body(page.getBody());
    }

    /** A browser's form post names its origin; one from elsewhere is a cross-site request. */
    private static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null || origin.equals("null")) {
            return origin == null;
        }
        try {
            URI uri = URI.create(origin);
            return request.getServerName().equalsIgnoreCase(uri.getHost())
                   && request.getServerPort() == (uri.getPort() != -1 ? uri.getPort()
                                                   : "https".equals(uri.getScheme()) ? 443 : 80);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String signIn(String error) {
        return Html.page("Sign in · Tally dashboard", "dashboard",
                "<main class=\"card narrow\"><p class=\"brand\">Tally</p><h1>Merchant dashboard</h1>"
                + (error == null ? "" : "<p class=\"error\" id=\"sign-in-error\">" + Html.escape(error) + "</p>")
                + "<form method=\"post\" action=\"/dashboard/sign-in\" id=\"sign-in\">"
                + "<label for=\"apiKey\">API key</label>"
                + "<input id=\"apiKey\" name=\"apiKey\" type=\"password\" autocomplete=\"off\" required "
                + "placeholder=\"tly_live_… or tly_test_…\">"
                + "<button type=\"submit\">Sign in</button></form>"
                + "<p class=\"hint\">The key stays in a secure, HttpOnly cookie of this browser until you sign out."
                + "</p></main>", null);
    }

    /** The page around the data; {@code keyMode} is the signed-in key's (a live key may switch to test). */
    static String shell(TallyPrincipal merchant, Mode keyMode, String csrf) {
        String token = Html.escape(csrf);
        boolean test = merchant.mode() == Mode.TEST;
        String modeSwitch = keyMode == Mode.LIVE
                ? "<form method=\"post\" action=\"/dashboard/mode\" id=\"mode-switch\">"
                  + "<input type=\"hidden\" name=\"" + DashboardSession.CSRF_FIELD + "\" value=\"" + token + "\">"
                  + "<input type=\"hidden\" name=\"mode\" value=\"" + (test ? "live" : "test") + "\">"
                  + "<button type=\"submit\">" + (test ? "View live data" : "View test data") + "</button></form>"
                : "";
        return (test ? "<p id=\"test-mode\" class=\"test-mode\" role=\"note\">Test mode: test invoices, paid on the "
                       + "sandbox chain. No real money.</p>" : "")
               + "<header class=\"top\"><span class=\"brand\">Tally</span><span id=\"merchant\">"
               + Html.escape(merchant.merchantId().value()) + "</span>"
               + "<span id=\"mode\" class=\"mode mode-" + merchant.mode().code() + "\">" + merchant.mode().code()
               + "</span>" + modeSwitch
               + "<span id=\"live\" class=\"live\">connecting…</span>"
               + "<form method=\"post\" action=\"/dashboard/sign-out\" id=\"sign-out\">"
               + "<input type=\"hidden\" name=\"" + DashboardSession.CSRF_FIELD + "\" value=\"" + token + "\">"
               + "<button type=\"submit\">Sign out</button></form></header>"
               + "<main class=\"dash\" id=\"app\" data-csrf=\"" + token + "\">"
               + "<section id=\"totals\" class=\"totals\"></section>"
               + "<section id=\"attention\" class=\"panel attention\" hidden><h2>Needs attention</h2>"
               + "<ul id=\"attention-items\"></ul></section>"
               + "<section class=\"panel\"><h2>Daily volume (30 days)</h2><div id=\"chart\"></div>"
               + "<p class=\"downloads\">CSV: <a id=\"csv-daily\" href=\"#\">daily settlements</a> · "
               + "<a id=\"csv-confirmations\" href=\"#\">confirmation stats</a></p></section>"
               + "<section class=\"panel\"><h2>New invoice</h2><form id=\"new-invoice\">"
               + "<label>Amount (USDT)<input name=\"amount\" required inputmode=\"decimal\" placeholder=\"12.50\">"
               + "</label><label>Chain<select name=\"chain\"><option value=\"tron\">Tron</option>"
               + "<option value=\"ethereum\">Ethereum</option></select></label>"
               + "<label>Order id<input name=\"orderId\" required></label>"
               + "<label>Description<input name=\"description\"></label>"
               + "<button type=\"submit\">Create invoice</button></form>"
               + "<p id=\"created\" class=\"created\"></p></section>"
               + "<section class=\"panel\"><h2>Invoices</h2><div class=\"filters\"><label>Status "
               + "<select id=\"status-filter\"><option value=\"\">all</option>"
               + statusOptions() + "</select></label><label>Order id <input id=\"order-filter\"></label>"
               + "<button id=\"apply-filters\" type=\"button\">Filter</button></div>"
               + "<table id=\"invoices\"><thead><tr><th>Created</th><th>Invoice</th><th>Order</th><th>Amount</th>"
               + "<th>Status</th></tr></thead><tbody></tbody></table>"
               + "<button id=\"more-invoices\" type=\"button\" hidden>Next page</button>"
               + "<div id=\"invoice-detail\" class=\"detail\" hidden></div></section>"
               + "<section class=\"panel\"><h2>Settlements</h2>"
               + "<table id=\"settlements\"><thead><tr><th>Created</th><th>Invoice</th><th>Gross</th><th>Fee</th>"
               + "<th>Fee %</th><th>Net</th><th>Status</th></tr></thead><tbody></tbody></table>"
               + "<button id=\"more-settlements\" type=\"button\" hidden>Next page</button></section>"
               + payoutsPanel()
               + refundsPanel()
               + "</main>";
    }

    /** Payouts: the balances money out draws on, the payout addresses, a payout request and the payouts so far. */
    private static String payoutsPanel() {
        String chains = "<option value=\"tron\">Tron</option><option value=\"ethereum\">Ethereum</option>";
        return "<section class=\"panel\" id=\"payouts-panel\"><h2>Payouts</h2>"
               + "<p id=\"payout-balances\" class=\"hint\"></p>"
               + "<form id=\"payout-address\"><label>Chain<select name=\"payoutAddressChain\">" + chains
               + "</select></label><label>Payout address<input name=\"payoutAddress\" required "
               + "autocomplete=\"off\"></label><button type=\"submit\">Set address</button></form>"
               + "<p class=\"hint\">A changed address takes effect after a delay (24 h by default); until then "
               + "payouts go to the previous one.</p>"
               + "<ul id=\"payout-addresses\"></ul>"
               + "<form id=\"new-payout\"><label>Amount (USDT)<input name=\"payoutAmount\" required "
               + "inputmode=\"decimal\" placeholder=\"10.00\"></label><label>Chain<select name=\"payoutChain\">"
               + chains + "</select></label><button type=\"submit\">Request payout</button></form>"
               + "<p id=\"payout-result\" class=\"created\"></p>"
               + "<table id=\"payouts\"><thead><tr><th>Requested</th><th>Payout</th><th>Amount</th>"
               + "<th>Destination</th><th>Status</th><th>Transaction</th></tr></thead><tbody></tbody></table>"
               + "<button id=\"more-payouts\" type=\"button\" hidden>Next page</button></section>";
    }

    /**
     * Refunds: a refund of an invoice's money (to an address, or by claim link for the customer), approval of a claimed
     * address, and the refunds so far.
     */
    private static String refundsPanel() {
        return "<section class=\"panel\" id=\"refunds-panel\"><h2>Refunds</h2>"
               + "<form id=\"new-refund\"><label>Invoice<input name=\"refundInvoice\" required "
               + "autocomplete=\"off\" placeholder=\"inv_…\"></label><label>Amount (USDT)<input name=\"refundAmount\" "
               + "required inputmode=\"decimal\" placeholder=\"2.00\"></label><label>Customer's address (empty: a "
               + "claim link)<input name=\"refundAddress\" autocomplete=\"off\"></label><label>Reason<input "
               + "name=\"refundReason\" autocomplete=\"off\"></label><button type=\"submit\">Refund</button></form>"
               + "<p class=\"hint\">Money that paid no invoice, and a settled invoice's money, can be refunded once "
               + "final on chain; the platform gives its fee back pro rata. Without an address, hand the claim link "
               + "to the customer.</p>"
               + "<p id=\"refund-result\" class=\"created\"></p>"
               + "<table id=\"refunds\"><thead><tr><th>Requested</th><th>Refund</th><th>Invoice</th><th>Amount</th>"
               + "<th>Fee given back</th><th>To</th><th>Status</th><th>Transaction</th></tr></thead><tbody></tbody>"
               + "</table><button id=\"more-refunds\" type=\"button\" hidden>Next page</button></section>";
    }

    private static String statusOptions() {
        StringBuilder options = new StringBuilder();
        for (var status : dev.tally.kernel.invoice.InvoiceStatus.values()) {
            options.append("<option value=\"").append(status.name()).append("\">")
                   .append(status.name().toLowerCase().replace('_', ' ')).append("</option>");
        }
        return options.toString();
    }
}
