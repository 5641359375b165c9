package dev.tally.kernel.refund;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Asks the invoice to refund {@code amount} of its money (unapplied funds, then settled money): to {@code address},
 * or, when it is null, to the address the customer gives on the claim link {@code claimId} until
 * {@code claimExpiresAt}. Sending it again for the same refund returns the first request.
 *
 * @param addressChain the chain {@code address} is an address of
 * @param autoApprove whether an address the customer claims is paid without the merchant's approval
 */
public record RequestRefund(@TargetAggregateIdentifier InvoiceId invoiceId, MerchantId merchantId, Mode mode,
                            RefundId refundId, TokenAmount amount, String address, Chain addressChain, String claimId,
                            Instant claimExpiresAt, boolean autoApprove, String reason) {
}
