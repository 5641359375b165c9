package dev.tally.command.address;

import dev.tally.command.CommandSideAutoConfiguration;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.InvoiceCancelled;
import dev.tally.kernel.money.Chain;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Which invoice a transfer to a deposit address pays. Addresses are recorded when they are allocated and closed
 * when their invoice is cancelled (by a subscribing handler, in the cancelling transaction).
 */
@Component
@ProcessingGroup(CommandSideAutoConfiguration.ADDRESS_BOOK_GROUP)
public class DepositAddressBook {
    private final JdbcClient jdbc;

    public DepositAddressBook(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The invoice an address belongs to, with what matching needs to know. */
    public record Entry(InvoiceId invoiceId, MerchantId merchantId, int requiredConfirmations, Instant expiresAt,
                        Instant closedAt) {
    }

    /** The outcome of matching a transfer: the invoice it pays, or why it pays none. */
    public sealed interface Match permits Matched, Unmatched {
    }

    public record Matched(Entry entry) implements Match {
    }

    public record Unmatched(String reason) implements Match {
    }

    /**
     * Matches a transfer seen at {@code observedAt} to the address's invoice. Nothing matches an unknown address, a
     * cancelled invoice, or an invoice whose monitoring window (after expiry) has ended.
     */
    public Match match(Chain chain, String address, Instant observedAt, Duration monitoringWindow) {
        var entry = jdbc.sql("""
                SELECT invoice_id, merchant_id, required_confirmations, expires_at, closed_at
                FROM command.deposit_addresses WHERE chain = :chain AND address = :address""")
                        .param("chain", chain.code())
                        .param("address", normalize(chain, address))
                        .query((rs, n) -> new Entry(InvoiceId.of(rs.getString(1)), MerchantId.of(rs.getString(2)),
                                rs.getInt(3), rs.getTimestamp(4).toInstant(),
                                rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
                        .optional();
        if (entry.isEmpty()) {
            return new Unmatched("no invoice has this deposit address");
        }
        if (entry.get().closedAt() != null) {
            return new Unmatched("invoice " + entry.get().invoiceId() + " was cancelled");
        }
        if (observedAt.isAfter(entry.get().expiresAt().plus(monitoringWindow))) {
            return new Unmatched("invoice " + entry.get().invoiceId() + " is past its monitoring window");
        }
        return new Matched(entry.get());
    }

    /** EVM addresses compare case-insensitively; we store the EIP-55 form, so look up by the stored spelling. */
    private String normalize(Chain chain, String address) {
        if (chain == Chain.ETHEREUM && address != null && address.length() == 42) {
            return jdbc.sql("SELECT address FROM command.deposit_addresses WHERE chain = 'ethereum' "
                            + "AND lower(address) = :address")
                       .param("address", address.toLowerCase(Locale.ROOT))
                       .query(String.class).optional().orElse(address);
        }
        return address;
    }

    @EventHandler
    void on(InvoiceCancelled event) {
        jdbc.sql("UPDATE command.deposit_addresses SET closed_at = :at WHERE invoice_id = :invoice")
            .param("at", Timestamp.from(event.cancelledAt()))
            .param("invoice", event.invoiceId().value())
            .update();
    }
}
