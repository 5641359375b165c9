package dev.tally.command.address;

import dev.tally.command.funds.OwnAddresses;
import dev.tally.command.invoice.CancellationGuard;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Which invoice a transfer to a deposit address pays. Addresses are recorded when they are allocated, marked when a
 * first payment to them is matched, and closed when their invoice is cancelled (in the cancelling command's
 * transaction).
 */
@Component
public class DepositAddressBook implements CancellationGuard, OwnAddresses {
    private final JdbcClient jdbc;

    public DepositAddressBook(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The invoice an address belongs to, with what matching needs to know. */
    public record Entry(InvoiceId invoiceId, MerchantId merchantId, int requiredConfirmations, Instant expiresAt,
                        Instant closedAt, Mode mode) {
    }

    /** The outcome of matching a transfer: the invoice it pays, or why it pays none. */
    public sealed interface Match permits Matched, Unmatched {
    }

    public record Matched(Entry entry) implements Match {
    }

    public record Unmatched(String reason) implements Match {
    }

    /**
     * Matches a transfer paid at {@code paidAt} (the block's time) to the address's invoice, and records on the
     * address that a payment was matched. Nothing matches an unknown address or an invoice whose monitoring window
     * (after expiry) ended before the transfer's block. A cancelled invoice still matches: the invoice records the
     * money as the merchant's unapplied funds, so it never goes without a home.
     * <p>
     * Runs in the command's transaction and locks the address's row, as {@link #closeUnlessPaid} does: a cancel and a
     * payment of the same invoice are decided one after the other, never both.
     */
    public Match match(Chain chain, String address, Instant paidAt, Duration monitoringWindow) {
        String stored = normalize(chain, address);
        var entry = jdbc.sql("""
                UPDATE command.deposit_addresses SET first_payment_at = COALESCE(first_payment_at, :paidAt)
                WHERE chain = :chain AND address = :address AND expires_at >= :expiredNoEarlierThan
                RETURNING invoice_id, merchant_id, required_confirmations, expires_at, closed_at, mode""")
                        .param("chain", chain.code())
                        .param("address", stored)
                        .param("paidAt", Timestamp.from(paidAt))
                        .param("expiredNoEarlierThan", Timestamp.from(paidAt.minus(monitoringWindow)))
                        .query((rs, n) -> new Entry(InvoiceId.of(rs.getString(1)), MerchantId.of(rs.getString(2)),
                                rs.getInt(3), rs.getTimestamp(4).toInstant(),
                                rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
                                Mode.fromCode(rs.getString(6)).orElseThrow()))
                        .optional();
        if (entry.isPresent()) {
            return new Matched(entry.get());
        }
        boolean known = jdbc.sql("SELECT count(*) FROM command.deposit_addresses WHERE chain = :chain "
                                 + "AND address = :address")
                            .param("chain", chain.code())
                            .param("address", stored)
                            .query(Long.class).single() > 0;
        return new Unmatched(known ? "the invoice's monitoring window had ended when this transfer was paid"
                                   : "no invoice has this deposit address");
    }

    @Override
    public boolean isDepositAddress(Chain chain, String address) {
        return jdbc.sql("SELECT count(*) FROM command.deposit_addresses WHERE chain = :chain AND address = :address")
                   .param("chain", chain.code())
                   .param("address", normalize(chain, address))
                   .query(Long.class).single() > 0;
    }

    /**
     * Closes the invoice's address for a cancellation, unless a payment to it was matched already. Locks the row (see
     * {@link #match}); returns false when a payment came first.
     */
    @Override
    public boolean closeUnlessPaid(InvoiceId invoiceId, Instant at) {
        return jdbc.sql("""
                UPDATE command.deposit_addresses SET closed_at = COALESCE(closed_at, :at)
                WHERE invoice_id = :invoice AND first_payment_at IS NULL""")
                   .param("at", Timestamp.from(at))
                   .param("invoice", invoiceId.value())
                   .update() == 1;
    }

    /** The stored (EIP-55) spelling of an EVM address, by its lower case; indexed, so it costs the same at any size. */
    static final String EVM_ADDRESS_LOOKUP = "SELECT address FROM command.deposit_addresses WHERE chain = 'ethereum' "
                                             + "AND lower(address) = :address";

    /** EVM addresses compare case-insensitively; we store the EIP-55 form, so look up by the stored spelling. */
    private String normalize(Chain chain, String address) {
        if (chain == Chain.ETHEREUM && address != null && address.length() == 42) {
            return jdbc.sql(EVM_ADDRESS_LOOKUP)
                       .param("address", address.toLowerCase(Locale.ROOT))
                       .query(String.class).optional().orElse(address);
        }
        return address;
    }
}
