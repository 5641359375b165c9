package dev.tally.query.page;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.refund.FindRefundClaim;
import dev.tally.kernel.refund.RefundClaimView;
import dev.tally.kernel.refund.RefundStatus;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.util.Optional;

/**
 * The customer's refund claim page, {@code /refund/{claimId}}: what is refunded, a form for the address while one is
 * awaited, then where the refund stands. The form posts to {@code /api/v1/public/refund-claims/{claimId}}
 * (refund.js), which checks the address for the refund's chain.
 */
@Controller
public class RefundClaimPageController {
    private final QueryGateway queries;

    public RefundClaimPageController(QueryGateway queries) {
        this.queries = queries;
    }

    @GetMapping(path = "/refund/{claimId}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@PathVariable String claimId) {
        Optional<RefundClaimView> found = !FindRefundClaim.isClaimId(claimId) ? Optional.empty()
                : queries.query(new FindRefundClaim(claimId), ResponseTypes.optionalInstanceOf(RefundClaimView.class))
                         .join();
        if (found.isEmpty()) {
            return Pages.html(HttpStatus.NOT_FOUND, Html.page("Refund not found", "pay",
                    "<main class=\"card\"><h1>Refund not found</h1><p>This refund link is not valid. Please ask the "
                    + "shop for a new one.</p></main>", null));
        }
        RefundClaimView claim = found.get();
        return Pages.html(HttpStatus.OK, Html.page("Refund of " + claim.amount() + " " + claim.asset(), "pay",
                                                   body(claimId, claim), "refund.js"));
    }

    static String body(String claimId, RefundClaimView claim) {
        Chain chain = Chain.fromCode(claim.chain()).orElseThrow();
        String asset = Html.escape(claim.asset());
        boolean open = claim.status() == RefundStatus.AWAITING_ADDRESS;
        return "<main class=\"card\" id=\"refund\" data-claim-id=\"" + Html.escape(claimId) + "\" data-status=\""
               + claim.status().code() + "\">"
               + "<p class=\"brand\">Tally checkout</p>"
               + (claim.livemode() ? "" : "<p id=\"test-mode\" class=\"test-mode\" role=\"note\">Test refund: paid "
                                          + "on Tally's sandbox chain only.</p>")
               + "<h1>Refund of <span id=\"amount\">" + Html.escape(claim.amount()) + "</span> " + asset + "</h1>"
               + (claim.merchantName() == null ? "" : "<p class=\"description\">from "
                                                      + Html.escape(claim.merchantName()) + "</p>")
               + "<p class=\"network\">" + asset + " on " + Html.escape(PaymentPageController.chainName(chain))
               + "</p>"
               + "<p id=\"status\" class=\"status status-" + claim.status().code() + "\" role=\"status\" "
               + "aria-live=\"polite\">" + Html.escape(statusText(claim.status())) + "</p>"
               + "<form id=\"claim-form\"" + (open ? "" : " hidden") + ">"
               + "<label for=\"claim-address\">Your " + Html.escape(PaymentPageController.chainName(chain))
               + " address</label>"
               + "<input id=\"claim-address\" name=\"address\" autocomplete=\"off\" spellcheck=\"false\" required>"
               + "<button id=\"claim-submit\" type=\"submit\">Send my refund here</button>"
               + "<p id=\"claim-error\" class=\"error\" role=\"alert\"></p>"
               + (claim.claimExpiresAt() == null ? "" : "<p class=\"countdown\">Give an address before "
                                                        + "<time id=\"claim-expires\">" + claim.claimExpiresAt()
                                                        + "</time></p>")
               + "</form>"
               + "<p id=\"refund-address\"" + (claim.address() == null ? " hidden" : "") + ">To <code>"
               + Html.escape(claim.address()) + "</code></p>"
               + "<p id=\"refund-tx\"" + (claim.txHash() == null ? " hidden" : "") + ">Transaction <code>"
               + Html.escape(claim.txHash()) + "</code></p>"
               + "<p class=\"reference\">Invoice " + Html.escape(claim.invoiceId()) + "</p>"
               + "</main>";
    }

    // Kept in step with refund.js, which renders the same texts on updates.
    static String statusText(RefundStatus status) {
        return switch (status) {
            case AWAITING_ADDRESS -> "Give the address to refund to";
            case AWAITING_APPROVAL -> "Address received: waiting for the shop to approve the refund";
            case APPROVED, BROADCAST -> "Refund on its way";
            case CONFIRMED -> "Refunded";
            case FAILED -> "The refund's transaction failed: the shop will retry it";
            case CANCELLED -> "This refund was cancelled";
        };
    }
}
