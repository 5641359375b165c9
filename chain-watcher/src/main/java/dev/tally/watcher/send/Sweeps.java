package dev.tally.watcher.send;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.tally.kernel.ids.Base62;
import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.invoice.InvoiceCreated;
import dev.tally.kernel.invoice.InvoicePaymentDetected;
import dev.tally.kernel.invoice.InvoicePaymentUnapplied;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.sweep.RequestSweep;
import dev.tally.kernel.sweep.SweepConfirmed;
import dev.tally.kernel.sweep.SweepFailed;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Decides sweeps: moves the final money of deposit addresses to the chain's hot wallet, by policy.
 * <ul>
 * <li>A deposit address is known from its invoice's creation ({@code watcher.sweep_addresses}) and becomes due when a
 * payment to it is seen. Rounds read the balances of those whose source they have ({@link Source}: a live one on a
 * chain with a live sender, a test one on the sandbox chain); the others wait until theirs is there.</li>
 * <li>Every {@code interval}, a round takes up to {@code batchSize} due addresses with no sweep on its way (the ones
 * looked at longest ago first; rows locked, so two nodes never take the same one) and reads each one's token balance
 * from the node: in the final block and in the newest. When the final balance reaches {@code threshold}, the round
 * requests a sweep of exactly that balance ({@link RequestSweep}, one id per address and sweep number, so asking
 * twice is one sweep). An address stays due while it holds money that is not final yet.</li>
 * <li>The live sender signs and sends each requested live sweep ({@link LiveTransfers}), the sandbox chain each test
 * one; when it is confirmed or failed, the address is free again, and due again after a failure (the money is still
 * there).</li>
 * </ul>
 * Sweeps move the platform's custody only: no merchant's balance changes.
 */
@ProcessingGroup(Sweeps.GROUP)
public class Sweeps implements SmartLifecycle {
    public static final String GROUP = "sweeps";
    private static final Logger log = LoggerFactory.getLogger(Sweeps.class);

    /** The sweep policy: how much final money makes an address worth sweeping, how often, how many per round. */
    public record Policy(TokenAmount threshold, Duration interval, int batchSize) {
    }

    /** Where the deposit addresses of one mode on one chain are read. */
    public record Source(Mode mode, Chain chain) {
    }

    /** Sources some part of the watcher contributes (the live sender, the sandbox chain); all of them are swept. */
    public record Sources(Map<Source, TokenBalances> bySource) {
        public Sources {
            bySource = Map.copyOf(bySource);
        }
    }

    private final Map<Source, TokenBalances> sources;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final CommandGateway commands;
    private final Clock clock;
    private final Policy policy;
    private final Rounds planner;

    public Sweeps(Map<Source, TokenBalances> sources, JdbcClient jdbc, PlatformTransactionManager transactions,
                  CommandGateway commands, Clock clock, Policy policy) {
        this.sources = Map.copyOf(sources);
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.commands = commands;
        this.clock = clock;
        this.policy = policy;
        this.planner = new Rounds("sweeps", policy.interval(), this::plan);
    }

    /**
     * Every invoice's deposit address is kept, also where its balances cannot be read yet (a live chain with no live
     * sender, no sandbox chain): rounds read only the sources they have, and an address kept before its chain had one
     * is swept once it does.
     */
    @EventHandler
    void on(InvoiceCreated event) {
        jdbc.sql("INSERT INTO watcher.sweep_addresses (invoice_id, chain, address, derivation_index, mode) "
                 + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (invoice_id) DO NOTHING")
            .params(event.invoiceId().value(), event.chain().code(), event.depositAddress(),
                    event.derivationIndex(), event.mode().code())
            .update();
    }

    @EventHandler
    void on(InvoicePaymentDetected event) {
        due(event.invoiceId().value());
    }

    @EventHandler
    void on(InvoicePaymentUnapplied event) {
        due(event.invoiceId().value());
    }

    @EventHandler
    void on(SweepConfirmed event) {
        jdbc.sql("UPDATE watcher.sweep_addresses SET open_sweep = NULL WHERE open_sweep = ?")
            .param(event.sweep().sweepId().value()).update();
    }

    @EventHandler
    void on(SweepFailed event) {
        jdbc.sql("UPDATE watcher.sweep_addresses SET open_sweep = NULL, due_since = coalesce(due_since, ?) "
                 + "WHERE open_sweep = ?")
            .params(Timestamp.from(event.sweep().updatedAt()), event.sweep().sweepId().value()).update();
    }

    private void due(String invoiceId) {
        jdbc.sql("UPDATE watcher.sweep_addresses SET due_since = coalesce(due_since, ?) WHERE invoice_id = ?")
            .params(Timestamp.from(clock.instant()), invoiceId).update();
    }

    private record Due(String invoiceId, String address, long derivationIndex, int sweeps) {
    }

    /** One planning round on every chain and mode with balances to read; returns how many sweeps it requested. */
    public int plan() {
        int requested = 0;
        for (Map.Entry<Source, TokenBalances> entry : sources.entrySet()) {
            try {
                Integer count = transactions.execute(status -> plan(entry.getKey(), entry.getValue()));
                requested += count == null ? 0 : count;
            } catch (RuntimeException e) {
                log.warn("Sweeps on {} ({}): this round stopped ({}); the next one tries again",
                         entry.getKey().chain().code(), entry.getKey().mode().code(), e.getMessage());
            }
        }
        return requested;
    }

    private int plan(Source source, TokenBalances balances) {
        Chain chain = source.chain();
        List<Due> due = jdbc.sql("""
                        SELECT invoice_id, address, derivation_index, sweeps FROM watcher.sweep_addresses
                        WHERE chain = ? AND mode = ? AND due_since IS NOT NULL AND open_sweep IS NULL
                        ORDER BY checked_at NULLS FIRST, due_since LIMIT ? FOR UPDATE SKIP LOCKED""")
                .params(chain.code(), source.mode().code(), policy.batchSize())
                .query((rs, n) -> new Due(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getInt(4)))
                .list();
        int requested = 0;
        Instant now = clock.instant();
        for (Due address : due) {
            ChainSender.TokenBalance balance = balances.tokenBalance(address.address());
            boolean moreToCome = balance.latest().compareTo(balance.finalized()) > 0;
            String sweep = null;
            TokenAmount finalBalance = TokenAmount.ofBaseUnits(Asset.USDT, balance.finalized().longValueExact());
            if (!finalBalance.isZero() && !policy.threshold().isGreaterThan(finalBalance)) {
                SweepId id = sweepId(source, address.address(), address.sweeps() + 1);
                commands.sendAndWait(new RequestSweep(id, chain, address.address(), address.derivationIndex(),
                                                      finalBalance, now, source.mode()));
                sweep = id.value();
                requested++;
                log.info("Sweep {}: {} from {} to the hot wallet on {} ({})", id, finalBalance, address.address(),
                         chain.code(), source.mode().code());
            }
            jdbc.sql("""
                    UPDATE watcher.sweep_addresses SET checked_at = ?, open_sweep = ?, sweeps = sweeps + ?,
                           due_since = CASE WHEN ? THEN due_since END
                    WHERE invoice_id = ?""")
                .params(Timestamp.from(now), sweep, sweep == null ? 0 : 1, moreToCome, address.invoiceId())
                .update();
        }
        return requested;
    }

    /**
     * The same address's n-th sweep has the same id wherever and however often it is decided. A test address's
     * sweeps have ids of their own, even where a development key derives a live address too.
     */
    static SweepId sweepId(Source source, String address, int number) {
        String mode = source.mode().live() ? "" : source.mode().code() + ":";
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (mode + source.chain().code() + ":" + address.toLowerCase(java.util.Locale.ROOT) + ":" + number)
                            .getBytes(StandardCharsets.UTF_8));
            return SweepId.of(SweepId.PREFIX + Base62.encode(Arrays.copyOf(digest, 16)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void start() {
        planner.start();
    }

    @Override
    public void stop() {
        planner.stop();
    }

    @Override
    public boolean isRunning() {
        return planner.isRunning();
    }
}
