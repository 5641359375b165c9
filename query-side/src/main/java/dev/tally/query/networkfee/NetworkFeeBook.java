package dev.tally.query.networkfee;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.payout.PayoutConfirmed;
import dev.tally.kernel.payout.PayoutFailed;
import dev.tally.kernel.refund.RefundConfirmed;
import dev.tally.kernel.refund.RefundFailed;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.sweep.SweepConfirmed;
import dev.tally.kernel.sweep.SweepEnergyReturned;
import dev.tally.kernel.sweep.SweepFailed;
import dev.tally.kernel.sweep.SweepState;
import dev.tally.platform.axon.ReadModel;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The book of network fees: what each chain charged for Tally's own transactions, in the chain's coin, exact (the
 * USDT ledger holds USDT only). Every mined transaction's fee, as its payout, refund or sweep event carries it, is
 * one entry of two legs: a debit of the platform's network-fee expense ({@code platform:network-fees}) and a credit
 * of the wallet that paid it: the hot wallet ({@code platform:hot-wallet:<chain>}: payouts, refunds, the gas sent
 * to a deposit address), the deposit address's own gas ({@code platform:deposit-gas:<chain>}: a sweep's
 * transaction) or the resource account ({@code platform:resource-account:<chain>}: a Tron sweep's energy delegated
 * and taken back). A fee is booked once, by its transaction: an event seen again books nothing.
 */
@Component
@ReadModel
@ProcessingGroup(NetworkFeeBook.GROUP)
public class NetworkFeeBook {
    public static final String GROUP = "network-fees";
    static final String EXPENSE = "platform:network-fees";

    private final JdbcClient jdbc;

    public NetworkFeeBook(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PayoutConfirmed event) {
        payout(event.payoutId().value(), event.mode(), event.merchantId(), event.chain(), event.networkFee(),
               event.txHash(), event.at());
    }

    @EventHandler
    void on(PayoutFailed event) {
        payout(event.payoutId().value(), event.mode(), event.merchantId(), event.chain(), event.networkFee(),
               event.txHash(), event.at());
    }

    @EventHandler
    void on(RefundConfirmed event) {
        refund(event.refund());
    }

    @EventHandler
    void on(RefundFailed event) {
        refund(event.refund());
    }

    @EventHandler
    void on(SweepConfirmed event) {
        sweep(event.sweep());
    }

    @EventHandler
    void on(SweepFailed event) {
        sweep(event.sweep());
    }

    /** Tron: what delegating a sweep's energy and taking it back cost the resource account. */
    @EventHandler
    void on(SweepEnergyReturned event) {
        if (!Mode.orLive(event.mode()).live()) {
            return;
        }
        String id = event.sweepId().value();
        String resourceAccount = "platform:resource-account:" + event.chain().code();
        book(id + "/energy", "sweep-energy", id, null, event.chain(), event.delegationFee(), resourceAccount,
             event.delegationTxHash(), event.at());
        book(id + "/energy-return", "sweep-energy-return", id, null, event.chain(), event.returnFee(),
             resourceAccount, event.returnTxHash(), event.at());
    }

    private void payout(String id, Mode mode, MerchantId merchant, Chain chain, NetworkFee fee, String txHash,
                        Instant at) {
        if (Mode.orLive(mode).live()) {
            book(id + "/transaction", "payout", id, merchant, chain, fee, hotWallet(chain), txHash, at);
        }
    }

    private void refund(RefundState refund) {
        if (refund.mode().live()) {
            String id = refund.refundId().value();
            book(id + "/" + refund.attempt(), "refund", id, refund.merchantId(), refund.chain(), refund.networkFee(),
                 hotWallet(refund.chain()), refund.txHash(), refund.updatedAt());
        }
    }

    private void sweep(SweepState sweep) {
        if (!sweep.mode().live()) {
            return; // the sandbox chain charges nothing
        }
        String id = sweep.sweepId().value();
        book(id + "/gas", "sweep-gas", id, null, sweep.chain(), sweep.topUpFee(), hotWallet(sweep.chain()), null,
             sweep.updatedAt());
        book(id + "/transaction", "sweep", id, null, sweep.chain(), sweep.networkFee(),
             "platform:deposit-gas:" + sweep.chain().code(), sweep.txHash(), sweep.updatedAt());
    }

    private static String hotWallet(Chain chain) {
        return "platform:hot-wallet:" + chain.code();
    }

    private void book(String entryId, String kind, String causeId, MerchantId merchant, Chain chain, NetworkFee fee,
                      String paidFrom, String txHash, Instant at) {
        if (fee == null) {
            return; // never mined, or the sandbox chain's: it cost nothing
        }
        jdbc.sql("""
                INSERT INTO query.network_fee_entries (entry_id, cause_kind, cause_id, merchant_id, chain, coin, amount,
                                                       debit_account, credit_account, tx_hash, booked_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entry_id) DO NOTHING""")
            .params(entryId, kind, causeId, merchant == null ? null : merchant.value(), chain.code(), fee.coin(),
                    new BigDecimal(fee.amount()), EXPENSE, paidFrom, txHash,
                    Timestamp.from(at.truncatedTo(ChronoUnit.MICROS)))
            .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM query.network_fee_entries").update();
    }

    @QueryHandler
    public NetworkFees handle(ListNetworkFees query) {
        List<NetworkFees.Total> totals = jdbc.sql("""
                SELECT account, coin, sum(debit) AS debits, sum(credit) AS credits FROM (
                    SELECT debit_account AS account, coin, amount AS debit, 0 AS credit FROM query.network_fee_entries
                    UNION ALL
                    SELECT credit_account, coin, 0, amount FROM query.network_fee_entries) legs
                GROUP BY account, coin ORDER BY account, coin""")
                .query((rs, n) -> new NetworkFees.Total(rs.getString(1), rs.getString(2),
                                                        plain(rs.getBigDecimal(3)), plain(rs.getBigDecimal(4))))
                .list();
        List<NetworkFees.Entry> entries = jdbc.sql("""
                SELECT entry_id, cause_kind, cause_id, merchant_id, chain, coin, amount, debit_account, credit_account,
                       tx_hash, booked_at
                FROM query.network_fee_entries ORDER BY booked_at DESC, entry_id DESC LIMIT ?""")
                .param(query.limit())
                .query((rs, n) -> new NetworkFees.Entry(rs.getString(1), rs.getString(2), rs.getString(3),
                                                        rs.getString(4), rs.getString(5), rs.getString(6),
                                                        plain(rs.getBigDecimal(7)), rs.getString(8), rs.getString(9),
                                                        rs.getString(10), rs.getTimestamp(11).toInstant()))
                .list();
        return new NetworkFees(totals, entries);
    }

    private static String plain(BigDecimal amount) {
        return amount.signum() == 0 ? "0" : amount.stripTrailingZeros().toPlainString();
    }
}
