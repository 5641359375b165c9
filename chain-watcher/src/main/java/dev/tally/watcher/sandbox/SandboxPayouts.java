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
import java.util.Set;

/**
 * Pays test payouts on the sandbox chain, exactly once, as the signer and broadcaster do on a real chain:
 * <ol>
 *     <li>a PENDING test payout's transaction is built (its hash derived from the payout) and kept before it is handed
 *     to the chain; handing it over again is harmless, the chain refuses a transaction it knows;</li>
 *     <li>the payout is recorded BROADCAST with that hash;</li>
 *     <li>after every block, each open payout's transaction is followed: once its block is final the payout is
 *     CONFIRMED, or FAILED when the transaction reverted; a transaction a reorg dropped is handed to the chain again,
 *     the same bytes.</li>
 * </ol>
 * A payout to {@link #FAILING_ADDRESSES} reverts on chain, so integrators can see a failed payout release its money.
 */
@ProcessingGroup(SandboxPayouts.GROUP)
public class SandboxPayouts {
    public static final String GROUP = "sandbox-payouts";
    /** Tron: a payout to this address reverts on the sandbox chain. */
    public static final String FAILING_TRON_ADDRESS = "T9yD14Nj9j7xAB4dbGeiX9h8uptqnv3PY4";
    /** EVM: a payout to this address reverts on the sandbox chain. */
    public static final String FAILING_EVM_ADDRESS = "0x000000000000000000000000000000000000fa11";
    public static final Set<String> FAILING_ADDRESSES = Set.of(FAILING_TRON_ADDRESS, FAILING_EVM_ADDRESS);
    static final String REVERTED = "the payout's transaction reverted on chain";

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
        Transfer built = new Transfer(event.chain(), txHash(event.payoutId()), 0, SandboxChain.USDT_CONTRACT,
                                      SandboxChain.HOT_WALLET, event.destination(), event.amount(),
                                      !FAILING_ADDRESSES.contains(event.destination()));
        // Kept first: whatever happens next, this payout has this one transaction.
        jdbc.sql("""
                INSERT INTO watcher.sandbox_payouts (payout_id, merchant_id, transfer, sent_at)
                VALUES (?, ?, ?::jsonb, ?) ON CONFLICT (payout_id) DO NOTHING""")
            .params(event.payoutId().value(), event.merchantId().value(), toJson(Stored.of(built)),
                    Timestamp.from(clock.instant()))
            .update();
        Transfer kept = stored(event.payoutId());
        chain.sendOnce(kept, event.merchantId().value());
        commands.sendAndWait(new RecordPayoutBroadcast(event.payoutId(), kept.txHash(), clock.instant()));
    }

    /** Follows every open payout's transaction on the chain; run after each block. */
    public void follow() {
        record Open(String payoutId, String transfer) {
        }
        List<Open> open = jdbc.sql("SELECT payout_id, transfer::text FROM watcher.sandbox_payouts WHERE NOT closed "
                                   + "ORDER BY sent_at LIMIT 1000")
                              .query((rs, n) -> new Open(rs.getString(1), rs.getString(2))).list();
        long finalized = chain.finalizedNumber().orElse(0);
        for (Open payout : open) {
            Transfer transfer = fromJson(payout.transfer()).toTransfer();
            PayoutId id = PayoutId.of(payout.payoutId());
            var block = chain.blockHolding(transfer.txHash());
            if (block.isEmpty()) {
                if (chain.sendOnce(transfer, null)) {
                    log.info("Payout {}: its transaction {} was dropped by a reorg; handed to the chain again", id,
                             transfer.txHash());
                }
                continue;
            }
            if (block.get().number() > finalized) {
                continue;
            }
            Transfer included = block.get().transfers().stream().filter(t -> t.txHash().equals(transfer.txHash()))
                                     .findFirst().orElseThrow();
            if (included.succeeded()) {
                commands.sendAndWait(new ConfirmPayout(id, transfer.txHash(), block.get().number(), clock.instant()));
            } else {
                commands.sendAndWait(new FailPayout(id, REVERTED, clock.instant()));
            }
            jdbc.sql("UPDATE watcher.sandbox_payouts SET closed = true WHERE payout_id = ?").param(id.value()).update();
        }
    }

    private Transfer stored(PayoutId payoutId) {
        return fromJson(jdbc.sql("SELECT transfer::text FROM watcher.sandbox_payouts WHERE payout_id = ?")
                            .param(payoutId.value()).query(String.class).single()).toTransfer();
    }

    /** A payout's one transaction hash, derived from the payout. */
    static String txHash(PayoutId payoutId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                                         .digest(("tally-payout:" + payoutId.value()).getBytes(StandardCharsets.UTF_8));
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
