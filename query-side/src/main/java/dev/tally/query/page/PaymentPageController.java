package dev.tally.query.page;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.invoice.InvoiceStatus;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.refund.ListInvoiceRefundsForCustomer;
import dev.tally.kernel.refund.RefundClaimView;
import dev.tally.kernel.refund.RefundStatus;
import dev.tally.query.checkout.PublicInvoiceView;
import dev.tally.query.checkout.PublicInvoices;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

import java.util.List;
import java.util.Optional;

/**
 * The customer's payment page: what to pay, where (address and QR code), until when, and how far the payment has
 * come, updated live from the invoice's event stream. Rendered from the customer-facing summary alone: no fee can
 * reach it.
 */
@Controller
public class PaymentPageController {
    private final PublicInvoices invoices;
    private final QueryGateway queries;

    public PaymentPageController(PublicInvoices invoices, QueryGateway queries) {
        this.invoices = invoices;
        this.queries = queries;
    }

    @GetMapping(path = "/pay/{invoiceId}", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(@PathVariable String invoiceId) {
        Optional<PublicInvoiceView> found = invoices.find(invoiceId);
        if (found.isEmpty()) {
            return Pages.html(HttpStatus.NOT_FOUND, Html.page("Invoice not found", "pay",
                    "<main class=\"card\"><h1>Invoice not found</h1><p>This payment link is not valid. "
                    + "Please ask the shop for a new one.</p></main>", null));
        }
        return Pages.html(HttpStatus.OK, Html.page("Pay " + found.get().amount() + " " + found.get().asset().code(),
                                                   "pay", body(found.get(), refunds(found.get().id())), "pay.js"));
    }

    private List<RefundClaimView> refunds(InvoiceId invoiceId) {
        return queries.query(new ListInvoiceRefundsForCustomer(invoiceId),
                             ResponseTypes.multipleInstancesOf(RefundClaimView.class)).join();
    }

    /** The invoice's refunds as the customer may see them: amount, where each stands, its transaction. */
    static String refundsSection(List<RefundClaimView> refunds) {
        if (refunds.isEmpty()) {
            return "";
        }
        StringBuilder items = new StringBuilder();
        for (RefundClaimView refund : refunds) {
            items.append("<li data-refund-id=\"").append(Html.escape(refund.refundId())).append("\">")
                 .append("Refund of ").append(Html.escape(refund.amount())).append(' ')
                 .append(Html.escape(refund.asset())).append(": <span class=\"refund-status\">")
                 .append(Html.escape(refundText(refund.status()))).append("</span>")
                 .append(refund.txHash() == null ? "" : " <code>" + Html.escape(refund.txHash()) + "</code>")
                 .append("</li>");
        }
        return "<section id=\"refunds\" class=\"refunds\"><h2>Refunds</h2><ul>" + items + "</ul></section>";
    }

    private static String refundText(RefundStatus status) {
        return switch (status) {
            case AWAITING_ADDRESS -> "waiting for your address (the shop sends you a link)";
            case AWAITING_APPROVAL -> "waiting for the shop's approval";
            case APPROVED, BROADCAST -> "on its way";
            case CONFIRMED -> "refunded";
            case FAILED -> "its transaction failed; the shop will retry it";
            case CANCELLED -> "cancelled";
        };
    }

    static String body(PublicInvoiceView invoice, List<RefundClaimView> refunds) {
        String e = Html.escape(invoice.id().value());
        String asset = Html.escape(invoice.asset().code());
        return "<main class=\"card\" id=\"invoice\" data-invoice-id=\"" + e + "\" data-expires-at=\""
               + invoice.expiresAt() + "\" data-status=\"" + invoice.status() + "\">"
               + "<p class=\"brand\">Tally checkout</p>"
               + (invoice.mode() == Mode.TEST
                  ? "<p id=\"test-mode\" class=\"test-mode\" role=\"note\">Test invoice: paid on Tally's sandbox "
                    + "chain only. Do not send real funds.</p>" : "")
               + "<h1>Pay <span id=\"amount\">" + Html.escape(invoice.amount()) + "</span> " + asset + "</h1>"
               + "<p class=\"network\">" + asset + " on " + Html.escape(chainName(invoice.chain())) + "</p>"
               + (invoice.description() == null || invoice.description().isBlank() ? ""
                  : "<p class=\"description\">" + Html.escape(invoice.description()) + "</p>")
               + "<p id=\"status\" class=\"status status-" + invoice.status().name().toLowerCase() + "\" role=\"status\""
               + " aria-live=\"polite\">" + Html.escape(statusText(invoice.status())) + "</p>"
               + "<p id=\"explanation\" class=\"explanation\">" + Html.escape(explanation(invoice.status())) + "</p>"
               + "<section id=\"instructions\" class=\"instructions\">"
               + "<figure class=\"qr-box\">" + QrCodes.svg(invoice.depositAddress(), "QR code of the deposit address")
               + "</figure>"
               + "<p class=\"label\">Send exactly <strong>" + Html.escape(invoice.amountRemaining()) + " " + asset
               + "</strong> to</p>"
               + "<div class=\"address\"><code id=\"address\">" + Html.escape(invoice.depositAddress()) + "</code>"
               + "<button id=\"copy\" type=\"button\">Copy</button></div>"
               + "<p class=\"countdown\">Time left: <span id=\"countdown\">–</span></p>"
               + "</section>"
               + "<section class=\"progress-box\">"
               + "<progress id=\"confirmations\" max=\"" + invoice.requiredConfirmations() + "\" value=\""
               + invoice.confirmations() + "\"></progress>"
               + "<p id=\"confirmations-text\">" + invoice.confirmations() + " of " + invoice.requiredConfirmations()
               + " confirmations</p>"
               + "<p id=\"paid\">Received: <span id=\"amount-paid\">" + Html.escape(invoice.amountPaid())
               + "</span> of " + Html.escape(invoice.amount()) + " " + asset + "</p>"
               + "</section>"
               + refundsSection(refunds)
               + "<p class=\"reference\">Invoice " + e + "</p>"
               + "</main>";
    }

    static String chainName(Chain chain) {
        return chain == Chain.TRON ? "Tron (TRC-20)" : "Ethereum (ERC-20)";
    }

    // Kept in step with pay.js, which renders the same texts on live updates.
    static String statusText(InvoiceStatus status) {
        return switch (status) {
            case PENDING -> "Awaiting payment";
            case CONFIRMING -> "Payment detected, confirming";
            case UNDERPAID -> "Partly paid";
            case PAID, OVERPAID, SETTLED -> "Paid";
            case PAID_LATE -> "Received late";
            case EXPIRED -> "Expired";
            case CANCELLED -> "Cancelled";
            case PARTIALLY_REFUNDED, REFUNDED -> "Refunded";
        };
    }

    static String explanation(InvoiceStatus status) {
        return switch (status) {
            case PENDING -> "Scan the code or copy the address into your wallet.";
            case CONFIRMING -> "We have seen your payment on the network and wait for its confirmations.";
            case UNDERPAID -> "We received less than the amount; please send the rest before the time runs out.";
            case PAID, OVERPAID, SETTLED -> "Thank you: your payment is complete. You can close this page.";
            // Not complete: the shop decides whether it accepts a payment that came after the invoice expired.
            case PAID_LATE -> "Your payment arrived after this invoice expired. The shop will either accept it or "
                              + "refund it; do not send anything more.";
            case EXPIRED -> "This invoice expired before it was paid. Do not send funds to this address; ask the "
                            + "shop for a new invoice.";
            case CANCELLED -> "The shop cancelled this invoice. Do not send funds to this address.";
            case PARTIALLY_REFUNDED, REFUNDED -> "This payment was refunded by the shop.";
        };
    }
}
