package dev.tally.watcher.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payout.ConfirmPayout;
import dev.tally.kernel.payout.FailPayout;
import dev.tally.kernel.payout.PayoutCreated;
import dev.tally.kernel.payout.RecordPayoutBroadcast;
import dev.tally.watcher.sandbox.SandboxChain.Transfer;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.refund.ConfirmRefund;
import dev.tally.kernel.refund.FailRefund;
import dev.tally.kernel.refund.RecordRefundBroadcast;
import dev.tally.kernel.refund.RefundEvent;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundStatus;
import dev.tally.kernel.sweep.ConfirmSweep;
import dev.tally.kernel.sweep.FailSweep;
import dev.tally.kernel.sweep.RecordSweepBroadcast;
import dev.tally.kernel.sweep.SweepRequested;
import dev.tally.kernel.sweep.SweepState;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Pays test payouts and refunds, and moves test sweeps, on the sandbox chain, exactly once, as the signer and
 * broadcaster do on a real chain (a refund is one transaction per attempt; a sweep pays the sandbox's hot wallet from
 * its deposit address; below, "payout" stands for all three):
 * <ol>
 *     <li>a PENDING test payout's transaction is built (its hash derived from the payout) and kept before it is handed
 *     to the chain; handing it over again is harmless, the chain refuses a transaction it knows;</li>
 *     <li>the payout is recorded BROADCAST with that hash;</li>
 *     <li>after every block, each open payout's transaction is followed: once its block is final the payout is
 *     CONFIRMED, or FAILED when the transaction reverted; a transaction a reorg dropped is handed to the chain again,
 *     the same bytes.</li>
 * </ol>
 * A payout or refund to {@link #FAILING_TRON_ADDRESS} or {@link #FAILING_EVM_ADDRESS} (in any spelling: payout
 * addresses are kept in EIP-55's) reverts on chain, so integrators can see a failure handled.
 */
@ProcessingGroup(SandboxPayouts.GROUP)
public class SandboxPayouts {
    public static final String GROUP = "sandbox-payouts";
    /** Tron: a payout to this address reverts on the sandbox chain. */
    public static final String FAILING_TRON_ADDRESS = "T9yD14Nj9j7xAB4dbGeiX9h8uptqnv3PY4";
    /** EVM: a payout to this address reverts on the sandbox chain. */
    public static final String FAILING_EVM_ADDRESS = "0x000000000000000000000000000000000000fa11";
    static final String REVERTED = "the transaction reverted on chain";
    private static final String PAYOUT = "payout";
    private static final String REFUND = "refund";
    private static final String SWEEP = "sweep";
    /** Who a sweep's transaction is kept for: the platform's custody, no merchant's. */
    private static final String PLATFORM = "platform";

    private static final Logger log = LoggerFactory.getLogger(SandboxPayouts.class);

    private final SandboxChain chain;
    private final JdbcClient jdbc;
    private final CommandGateway commands;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public SandboxPayouts(SandboxChain chain, JdbcClient jdbc, CommandGateway commands, Clock clock) {
        this.chain = chain;
        this.jdbc = jdbc;
        this.commands = commands;
        this.clock = clock;
    }

    @EventHandler
    void on(PayoutCreated event) {
        if (Mode.orLive(event.mode()).live()) {
            return; // live payouts are the signer's
        }
        String txHash = send(event.payoutId().value(), PAYOUT, event.merchantId().value(), event.chain(),
                             SandboxChain.HOT_WALLET, event.destination(), event.amount());
        commands.sendAndWait(new RecordPayoutBroadcast(event.payoutId(), txHash, clock.instant()));
    }

    /** A test refund approved (first, or again after a failed attempt): its attempt's one transaction. */
    @EventHandler
    void on(RefundEvent event) {
        RefundState refund = event.refund();
        if (refund.status() != RefundStatus.APPROVED || refund.mode().live()) {
            return; // live refunds are the signer's
        }
        String txHash = send(refund.refundId().value() + "/" + refund.attempt(), REFUND,
                             refund.merchantId().value(), refund.chain(), SandboxChain.HOT_WALLET, refund.address(),
                             refund.amount());
        commands.sendAndWait(new RecordRefundBroadcast(refund.refundId(), refund.attempt(), txHash,
                                                       clock.instant()));
    }

    /** A test sweep requested: its one transaction from the deposit address to the sandbox's hot wallet. */
    @EventHandler
    void on(SweepRequested event) {
        SweepState sweep = event.sweep();
        if (sweep.mode().live()) {
            return; // live sweeps are the signer's
        }
        String txHash = send(sweep.sweepId().value(), SWEEP, PLATFORM, sweep.chain(), sweep.depositAddress(),
                             SandboxChain.HOT_WALLET, sweep.amount());
        commands.sendAndWait(new RecordSweepBroadcast(sweep.sweepId(), txHash, clock.instant()));
    }

    /**
     * Builds the transaction of {@code id} (a payout, or a refund's attempt), keeps it before it is handed to the
     * chain, and hands the kept one over: whatever happens next, {@code id} has this one transaction.
     *
     * @return its hash
     */
    private String send(String id, String kind, String merchantId, Chain network, String from, String to,
                        TokenAmount amount) {
        Transfer built = new Transfer(network, txHash(id), 0, SandboxChain.USDT_CONTRACT, from, to, amount,
                                      !reverts(to));
        jdbc.sql("""
                INSERT INTO watcher.sandbox_payouts (payout_id, kind, merchant_id, transfer, sent_at)
                VALUES (?, ?, ?, ?::jsonb, ?) ON CONFLICT (payout_id) DO NOTHING""")
            .params(id, kind, merchantId, toJson(Stored.of(built)), Timestamp.from(clock.instant()))
            .update();
        Transfer kept = stored(id);
        chain.sendOnce(kept, PLATFORM.equals(merchantId) ? null : merchantId);
        return kept.txHash();
    }

    /** Whether a transfer to {@code to} reverts on the sandbox chain: EVM addresses compare in any case. */
    static boolean reverts(String to) {
        return FAILING_TRON_ADDRESS.equals(to) || FAILING_EVM_ADDRESS.equalsIgnoreCase(to);
    }

    /** Follows every open payout's transaction on the chain; run after each block. */
    public void follow() {
        record Open(String id, String kind, String transfer) {
        }
        List<Open> open = jdbc.sql("SELECT payout_id, kind, transfer::text FROM watcher.sandbox_payouts "
                                   + "WHERE NOT closed ORDER BY sent_at LIMIT 1000")
                              .query((rs, n) -> new Open(rs.getString(1), rs.getString(2), rs.getString(3))).list();
        long finalized = chain.finalizedNumber().orElse(0);
        for (Open payout : open) {
            Transfer transfer = fromJson(payout.transfer()).toTransfer();
            String id = payout.id();
            var block = chain.blockHolding(transfer.txHash());
            if (block.isEmpty()) {
                if (chain.sendOnce(transfer, null)) {
                    log.info("{} {}: its transaction {} was dropped by a reorg; handed to the chain again",
                             payout.kind(), id, transfer.txHash());
                }
                continue;
            }
            if (block.get().number() > finalized) {
                continue;
            }
            Transfer included = block.get().transfers().stream().filter(t -> t.txHash().equals(transfer.txHash()))
                                     .findFirst().orElseThrow();
            long number = block.get().number();
            if (SWEEP.equals(payout.kind())) {
                SweepId sweep = SweepId.of(id);
                commands.sendAndWait(included.succeeded()
                                     ? new ConfirmSweep(sweep, transfer.txHash(), number, null, null, clock.instant())
                                     : new FailSweep(sweep, REVERTED, null, null, clock.instant()));
            } else if (REFUND.equals(payout.kind())) {
                RefundId refund = RefundId.of(id.substring(0, id.indexOf('/')));
                commands.sendAndWait(included.succeeded()
                                     ? new ConfirmRefund(refund, transfer.txHash(), number, clock.instant())
                                     : new FailRefund(refund, transfer.txHash(), REVERTED, clock.instant()));
            } else if (included.succeeded()) {
                commands.sendAndWait(new ConfirmPayout(PayoutId.of(id), transfer.txHash(), number, clock.instant()));
            } else {
                commands.sendAndWait(new FailPayout(PayoutId.of(id), REVERTED, clock.instant()));
            }
            jdbc.sql("UPDATE watcher.sandbox_payouts SET closed = true WHERE payout_id = ?").param(id).update();
        }
    }

    /** The transaction of a refund's latest attempt, once built. */
    public Optional<String> latestRefundTransaction(RefundId refundId) {
        return jdbc.sql("SELECT transfer->>'txHash' FROM watcher.sandbox_payouts WHERE kind = ? AND payout_id LIKE ? "
                        + "ORDER BY sent_at DESC LIMIT 1")
                   .params(REFUND, refundId.value() + "/%").query(String.class).optional();
    }

    private Transfer stored(String id) {
        return fromJson(jdbc.sql("SELECT transfer::text FROM watcher.sandbox_payouts WHERE payout_id = ?")
                            .param(id).query(String.class).single()).toTransfer();
    }

    /** The one transaction hash of a payout, or of a refund's attempt, derived from it. */
    static String txHash(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                                         .digest(("tally-payout:" + id).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    record Stored(String chain, String txHash, String from, String to, String asset, long baseUnits,
                  boolean succeeded) {
        static Stored of(Transfer t) {
            return new Stored(t.chain().code(), t.txHash(), t.from(), t.to(), t.amount().asset().code(),
                              t.amount().baseUnits(), t.succeeded());
        }

        Transfer toTransfer() {
            return new Transfer(Chain.fromCode(chain).orElseThrow(), txHash, 0, SandboxChain.USDT_CONTRACT, from, to,
                                TokenAmount.ofBaseUnits(Asset.fromCode(asset).orElseThrow(), baseUnits), succeeded);
        }
    }

    private String toJson(Stored stored) {
        try {
            return json.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Stored fromJson(String text) {
        try {
            return json.readValue(text, Stored.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a kept sandbox payout is not readable", e);
        }
    }
}
