package dev.tally.watcher.sandbox;

import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.invoice.FindInvoice;
import dev.tally.kernel.invoice.InvoiceView;
import dev.tally.kernel.money.InvalidAmountException;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.platform.security.TallyPrincipal;
import dev.tally.platform.web.InvalidRequestException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** "Pay this invoice" on the sandbox chain, so an integration can be tried end to end without real funds. */
@RestController
@ConditionalOnProperty(name = "tally.sandbox.enabled", havingValue = "true")
@RequestMapping(path = "/api/v1/sandbox", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Sandbox")
@SecurityRequirement(name = "apiKey")
public class SandboxController {
    private final SandboxChain chain;
    private final QueryGateway queries;

    public SandboxController(SandboxChain chain, QueryGateway queries) {
        this.chain = chain;
        this.queries = queries;
    }

    public record PayRequest(String amount) {
    }

    public record SandboxPayment(PaymentId paymentId, String txHash, String to, String amount, String chain) {
    }

    @PostMapping(path = "/invoices/{invoiceId}/pay", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PreAuthorize("hasRole('MERCHANT') and hasAuthority('SCOPE_" + ApiScope.INVOICES_WRITE + "')")
    @Operation(summary = "Pay an invoice on the sandbox chain", description = "Sends a simulated USDT transfer to "
            + "the invoice's deposit address; it is in the next block and the watcher reports it like any other. "
            + "`amount` defaults to the invoice's amount; pay less or more to try under- and overpayment.")
    public SandboxPayment pay(@AuthenticationPrincipal TallyPrincipal caller, @PathVariable String invoiceId,
                              @RequestBody(required = false) PayRequest request) {
        var merchantId = caller.requireMerchant();
        if (!InvoiceId.isValid(invoiceId)) {
            throw DomainException.notFound("invoice " + invoiceId);
        }
        InvoiceView invoice = queries.query(new FindInvoice(merchantId, InvoiceId.of(invoiceId)),
                                            ResponseTypes.optionalInstanceOf(InvoiceView.class))
                                     .join()
                                     .orElseThrow(() -> DomainException.notFound("invoice " + invoiceId));
        TokenAmount amount;
        try {
            String text = request == null || request.amount() == null ? invoice.amount() : request.amount();
            amount = TokenAmount.parse(text, invoice.asset());
        } catch (InvalidAmountException e) {
            throw new InvalidRequestException("amount", e.getMessage());
        }
        if (amount.isZero()) {
            throw new InvalidRequestException("amount", "must be greater than zero");
        }
        SandboxChain.Transfer transfer = chain.submit(invoice.chain(), invoice.depositAddress(), amount);
        return new SandboxPayment(PaymentId.of(transfer.chain(), transfer.txHash(), transfer.logIndex()),
                                  transfer.txHash(), transfer.to(), amount.toDecimalString(), transfer.chain().code());
    }
}
