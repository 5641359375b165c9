package dev.tally.command.address;

import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.mode.Mode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;

/**
 * Hands out one fresh deposit address per invoice, from the chain's keys of the invoice's mode (see
 * {@link ChainKeys}). The derivation index comes from a PostgreSQL sequence per chain and mode (a live wallet's
 * indices have no gaps for test invoices),
 * so no index is used twice, whatever runs concurrently or restarts; the address is recorded with its invoice in the
 * command's transaction (a unique constraint backs this up).
 */
@Component
public class DepositAddressAllocator {
    private final ChainKeys chainKeys;
    private final JdbcClient jdbc;

    public DepositAddressAllocator(ChainKeys chainKeys, JdbcClient jdbc) {
        this.chainKeys = chainKeys;
        this.jdbc = jdbc;
    }

    /** What the address book records with the address, for matching transfers later. */
    public record InvoiceTerms(InvoiceId invoiceId, MerchantId merchantId, int requiredConfirmations,
                               Instant expiresAt) {
    }

    public DepositAddressDeriver.DerivedAddress allocate(Chain chain, Mode mode, InvoiceTerms terms, Instant now) {
        DepositAddressDeriver deriver = chainKeys.deriver(chain, mode);
        String sequence = "command.deposit_address_index_" + chain.name().toLowerCase(Locale.ROOT)
                          + (mode.live() ? "" : "_test");
        DepositAddressDeriver.DerivedAddress derived = null;
        while (derived == null) {
            long index = jdbc.sql("SELECT nextval('" + sequence + "')")
                             .query(Long.class).single();
            try {
                derived = deriver.derive(index);
            } catch (InvalidChildKeyException e) {
                // BIP32: about 1 in 2^127 indices yields no valid key; take the next one.
            }
        }
        jdbc.sql("""
                INSERT INTO command.deposit_addresses (chain, address, derivation_index, invoice_id, allocated_at,
                                                       merchant_id, required_confirmations, expires_at, mode)
                VALUES (:chain, :address, :index, :invoice, :now, :merchant, :confirmations, :expires, :mode)""")
            .param("chain", chain.code())
            .param("address", derived.address())
            .param("index", derived.index())
            .param("invoice", terms.invoiceId().value())
            .param("now", Timestamp.from(now))
            .param("merchant", terms.merchantId().value())
            .param("confirmations", terms.requiredConfirmations())
            .param("expires", Timestamp.from(terms.expiresAt()))
            .param("mode", mode.code())
            .update();
        return derived;
    }
}
