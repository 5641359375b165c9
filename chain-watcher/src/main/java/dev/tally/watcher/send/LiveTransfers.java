package dev.tally.watcher.send;

import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.ids.SweepId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.NetworkFee;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.payout.ConfirmPayout;
import dev.tally.kernel.payout.FailPayout;
import dev.tally.kernel.payout.PayoutCreated;
import dev.tally.kernel.payout.RecordPayoutBroadcast;
import dev.tally.kernel.refund.ConfirmRefund;
import dev.tally.kernel.refund.FailRefund;
import dev.tally.kernel.refund.RecordRefundBroadcast;
import dev.tally.kernel.refund.RefundEvent;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundStatus;
import dev.tally.kernel.signing.FindHotWallet;
import dev.tally.kernel.signing.FindResourceAccount;
import dev.tally.kernel.signing.ReplaceTransfer;
import dev.tally.kernel.signing.SignTransfer;
import dev.tally.kernel.signing.SigningOutcome;
import dev.tally.kernel.signing.TransferDraft;
import dev.tally.kernel.signing.TransferIntent;
import dev.tally.kernel.signing.TransferSigned;
import dev.tally.kernel.sweep.ConfirmSweep;
import dev.tally.kernel.sweep.FailSweep;
import dev.tally.kernel.sweep.RecordSweepBroadcast;
import dev.tally.kernel.sweep.RecordSweepEnergyReturned;
import dev.tally.kernel.sweep.SweepRequested;
import dev.tally.kernel.sweep.SweepState;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Pays live payouts and refunds, and sends live sweeps, on chain, exactly once, through the signer:
 * <ol>
 *     <li>a live payout (PENDING) or a refund's approved attempt is kept as an intent ({@code watcher.live_intents})
 *     in the event's transaction, so that a node that does not answer never holds the events up;</li>
 *     <li>after that commit (and each round until it works), the intent gets its draft from the node (the hot
 *     wallet's next nonce, the fees of the moment; on Tron the unsigned transaction), is signed by the signer (which
 *     decides from the event history whether and what to sign; a refusal fails the payout or the attempt, saying
 *     why), and the signed bytes are kept ({@code watcher.live_transfers}) in the transaction that ends the intent,
 *     before anything is broadcast;</li>
 *     <li>after that commit, and then every {@code tally.money-out.follow-interval}, each open transfer is followed
 *     (by one thread of one node at a time: its row is locked):
 *     while no block holds it, the same bytes are handed to the node again (a reorg that dropped it, a node that
 *     lost it); once handed over, the payout or refund is recorded broadcast with its hash; once its block is final,
 *     it is confirmed, or failed when the transaction reverted. A transaction that can never be mined, because
 *     another transaction of the hot wallet took its nonce for good (EVM) or it expired (Tron), fails the payout or
 *     the attempt: nothing was paid, and a refund can be retried as a new transaction.</li>
 *     <li>An EVM transaction handed over but still unmined after {@code tally.money-out.replace-after} (its fees too
 *     low for the chain of the moment) is <b>replaced</b>: the signer signs the same attempt again with the same
 *     nonce and higher fees ({@link ReplaceTransfer}), the replacement is kept in place of it (the replaced hash
 *     remembered) and handed over, and the payout, refund or sweep is recorded broadcast with the new hash. Only one
 *     transaction of a nonce can be mined: whichever is, is the one confirmed.</li>
 * </ol>
 * A sweep is the same, with the deposit address's transaction (and, first, the hot wallet's gas for it when the
 * address has too little), confirmed or failed as a sweep. On Tron, its energy is delegated to the deposit address from
 * the TRX the platform's resource account staked, and taken back once the sweep is final ({@link TronEnergy}); the
 * TRX it would otherwise burn is the fallback.
 * One transfer per payout, per refund attempt and per sweep: a second delivery of the same event finds the kept one.
 * Nonces are handed out one chain at a time (a transaction-scoped advisory lock), never below the node's pending
 * count nor below one already kept.
 */
@ProcessingGroup(LiveTransfers.GROUP)
public class LiveTransfers implements SmartLifecycle {
    public static final String GROUP = "live-transfers";
    static final String REVERTED = "the transaction reverted on chain";
    static final String SUPERSEDED = "another transaction of the hot wallet took its nonce, final on chain: nothing "
                                     + "was paid";
    static final String EXPIRED = "the transaction expired before any block took it: nothing was paid";
    /** How the last error of a transfer whose replacement the signer refused begins. */
    static final String NOT_REPLACED = "not replaced: ";
    /**
     * How the last error of an energy return that expired unmined, and was tried again, begins: kept until the
     * energy is back, so that the health names a return that keeps expiring.
     */
    static final String RETURN_RETRIED = "taking the energy back expired unmined, tried again: ";
    private static final String PAYOUT = "payout";
    private static final String REFUND = "refund";
    private static final String SWEEP = "sweep";
    private static final String SWEEP_GAS = "sweep-gas";
    private static final String SWEEP_ENERGY = "sweep-energy";
    private static final String SWEEP_ENERGY_RETURN = "sweep-energy-return";
    private static final Logger log = LoggerFactory.getLogger(LiveTransfers.class);

    private final Map<Chain, ChainSender> senders;
    private final JdbcClient jdbc;
    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final Rounds follower;
    private final Duration replaceAfter;
    private final TronEnergy tronEnergy;

    /**
     * How a Tron sweep pays for its energy.
     *
     * @param delegate      delegate the energy from the resource account's staked TRX, and take it back after
     *                      ({@code tally.sweeps.tron.energy=delegate}); else burn TRX the hot wallet sends
     *                      ({@code burn})
     * @param burnWhenShort when the resource account cannot delegate enough, burn TRX instead; else the sweep waits,
     *                      named by the health, until it can ({@code tally.sweeps.tron.burn-when-short})
     */
    public record TronEnergy(boolean delegate, boolean burnWhenShort) {
        /** Burning TRX only. */
        public static final TronEnergy BURN = new TronEnergy(false, true);
    }

    public LiveTransfers(Map<Chain, ChainSender> senders, JdbcClient jdbc, PlatformTransactionManager transactions,
                         CommandGateway commands, QueryGateway queries, Clock clock, Duration followInterval,
                         Duration replaceAfter, TronEnergy tronEnergy) {
        this.replaceAfter = replaceAfter;
        this.tronEnergy = tronEnergy;
        this.senders = Map.copyOf(senders);
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
        this.follower = new Rounds("live-transfers", followInterval, this::follow);
    }

    @EventHandler
    void on(PayoutCreated event) {
        if (!Mode.orLive(event.mode()).live()) {
            return; // the sandbox chain pays test payouts
        }
        intend(new TransferIntent(TransferIntent.Kind.PAYOUT, event.payoutId().value(), 1), PAYOUT, event.chain(),
               null, event.destination(), event.amount());
    }

    /** A live refund approved (first, or again after a failed attempt): its attempt's one transaction. */
    @EventHandler
    void on(RefundEvent event) {
        RefundState refund = event.refund();
        if (refund.status() != RefundStatus.APPROVED || !refund.mode().live()) {
            return;
        }
        intend(new TransferIntent(TransferIntent.Kind.REFUND, refund.refundId().value(), refund.attempt()), REFUND,
               refund.chain(), null, refund.address(), refund.amount());
    }

    /** A live sweep requested: its transaction from the deposit address to the hot wallet (and its gas). */
    @EventHandler
    void on(SweepRequested event) {
        SweepState sweep = event.sweep();
        if (!sweep.mode().live()) {
            return; // test sweeps are the sandbox chain's
        }
        intend(new TransferIntent(TransferIntent.Kind.SWEEP, sweep.sweepId().value(), 1), SWEEP, sweep.chain(),
               sweep.depositAddress(), null, sweep.amount());
    }

    /**
     * Keeps what is to be signed ({@code watcher.live_intents}) in the event's transaction, and signs it after that
     * commits, on the follower's thread: a node that does not answer never holds the events up, and nothing asked for
     * is lost. A second delivery of the event finds the intent, or its transaction, kept.
     *
     * @param source a sweep's deposit address; null for the hot wallet
     * @param to     where it pays; null for a sweep, which pays the hot wallet
     */
    private void intend(TransferIntent intent, String kind, Chain chain, String source, String to,
                        TokenAmount amount) {
        if (!kept(intent.key())) {
            jdbc.sql("""
                    INSERT INTO watcher.live_intents (intent_key, kind, chain, source, destination, asset, amount,
                                                      created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (intent_key) DO NOTHING""")
                .params(intent.key(), kind, chain.code(), source, to, amount.asset().code(), amount.baseUnits(),
                        Timestamp.from(clock.instant()))
                .update();
        }
        CurrentUnitOfWork.ifStarted(unitOfWork -> unitOfWork.afterCommit(u -> follower.execute(() -> {
            signQuietly(intent.key());
            advanceQuietly(new TransferIntent(TransferIntent.Kind.SWEEP_GAS, intent.id(), 1).key());
            advanceQuietly(new TransferIntent(TransferIntent.Kind.SWEEP_ENERGY, intent.id(), 1).key());
            advanceQuietly(intent.key());
        })));
    }

    private record Intended(String key, String kind, Chain chain, String source, String destination,
                            TokenAmount amount) {
        String id() {
            return key.substring(0, key.indexOf('/'));
        }

        int attempt() {
            return Integer.parseInt(key.substring(key.indexOf('/') + 1));
        }

        /** The attempt of a sweep's energy return: {@code sw_…/energy-return} is 1, {@code …-return-2} is 2. */
        int returnAttempt() {
            return LiveTransfers.returnAttempt(key);
        }
    }

    static int returnAttempt(String key) {
        int dash = key.lastIndexOf('-');
        return key.endsWith("/energy-return") ? 1 : Integer.parseInt(key.substring(dash + 1));
    }

    /**
     * Signs one kept intent and keeps its transaction, holding the intent's row: what this step records (the
     * transaction, a refusal's failure, the intent done) commits together or not at all. A node that fails leaves
     * the intent for the next round, saying why.
     */
    private void signQuietly(String key) {
        try {
            transactions.executeWithoutResult(status -> jdbc.sql(
                            "SELECT intent_key, kind, chain, source, destination, asset, amount FROM "
                            + "watcher.live_intents WHERE intent_key = ? FOR UPDATE SKIP LOCKED")
                    .param(key)
                    .query((rs, n) -> new Intended(rs.getString(1), rs.getString(2),
                                                   Chain.fromCode(rs.getString(3)).orElseThrow(), rs.getString(4),
                                                   rs.getString(5), TokenAmount.ofBaseUnits(
                                                           Asset.fromCode(rs.getString(6)).orElseThrow(),
                                                           rs.getLong(7))))
                    .optional().ifPresent(this::sign));
        } catch (RuntimeException e) {
            jdbc.sql("UPDATE watcher.live_intents SET last_error = ?, failing_since = coalesce(failing_since, ?) "
                     + "WHERE intent_key = ?")
                .params(String.valueOf(e.getMessage()), Timestamp.from(clock.instant()), key).update();
            log.warn("{}: not signed yet ({}); the follower tries again", key, e.getMessage());
        }
    }

    private void sign(Intended intended) {
        Consumer<String> fail = reason -> {
            Instant now = clock.instant();
            switch (intended.kind()) {
                case PAYOUT -> commands.sendAndWait(new FailPayout(PayoutId.of(intended.id()), reason, now));
                case REFUND -> commands.sendAndWait(new FailRefund(RefundId.of(intended.id()), null, reason, now));
                default -> commands.sendAndWait(new FailSweep(SweepId.of(intended.id()), reason, null, null, now));
            }
        };
        ChainSender sender = senders.get(intended.chain());
        if (sender == null && SWEEP_ENERGY_RETURN.equals(intended.kind())) {
            throw new IllegalStateException("no live sender runs for " + intended.chain().code() + " here");
        } else if (sender == null) {
            fail.accept("no live sender runs for " + intended.chain().code() + " here");
        } else if (SWEEP.equals(intended.kind())) {
            sweep(intended, sender, fail);
        } else if (SWEEP_ENERGY_RETURN.equals(intended.kind())) {
            if (!returnEnergy(intended, sender)) {
                return; // tried again next round
            }
        } else {
            TransferIntent intent = new TransferIntent(REFUND.equals(intended.kind()) ? TransferIntent.Kind.REFUND
                    : TransferIntent.Kind.PAYOUT, intended.id(), intended.attempt());
            lockNonces(intended.chain());
            String from = queries.query(new FindHotWallet(intended.chain()), String.class).join();
            TransferDraft draft = sender.draft(from, minNonce(intended.chain(), from), intended.destination(),
                                               intended.amount());
            signed(intent, intended.chain(), draft, fail)
                    .ifPresent(signed -> keep(intent, intended.kind(), intended.chain(), draft, signed));
        }
        jdbc.sql("DELETE FROM watcher.live_intents WHERE intent_key = ?").param(intended.key()).update();
    }

    /**
     * A sweep's token transfer from the deposit address to the hot wallet, and, when the deposit address has too
     * little ether to pay that transfer's gas, the gas first, from the hot wallet. Both are signed with the same fees
     * and kept together, or neither is (a refusal of either fails the sweep); the gas is handed over first, and the
     * sweep as soon as the node takes it (until the gas is mined, the node refuses the sweep for want of funds, and
     * it is handed over again each round).
     */
    private void sweep(Intended sweep, ChainSender sender, Consumer<String> fail) {
        if (sweep.chain() == Chain.TRON) {
            tronSweep(sweep, sender, fail);
            return;
        }
        TransferIntent intent = new TransferIntent(TransferIntent.Kind.SWEEP, sweep.id(), 1);
        lockNonces(sweep.chain());
        String hotWallet = queries.query(new FindHotWallet(sweep.chain()), String.class).join();
        TransferDraft fees = sender.draft(hotWallet, minNonce(sweep.chain(), hotWallet), sweep.source(),
                                          TokenAmount.zero(sweep.amount().asset()));
        TransferDraft own = sender.draft(sweep.source(), minNonce(sweep.chain(), sweep.source()), hotWallet,
                                         sweep.amount());
        if (!(fees instanceof TransferDraft.Evm gas) || !(own instanceof TransferDraft.Evm deposit)) {
            fail.accept("the node drafted no EVM transactions for an EVM sweep");
            return;
        }
        TransferDraft.Evm sweepDraft = new TransferDraft.Evm(deposit.chainId(), deposit.nonce(), gas.gasLimit(),
                                                             gas.maxPriorityFeePerGas(), gas.maxFeePerGas());
        Optional<TransferSigned> swept = signed(intent, sweep.chain(), sweepDraft, fail);
        if (swept.isEmpty()) {
            return;
        }
        BigInteger needed = gas.gasLimit().multiply(gas.maxFeePerGas());
        if (sender.coinBalance(sweep.source()).compareTo(needed) < 0) {
            TransferIntent topUp = new TransferIntent(TransferIntent.Kind.SWEEP_GAS, intent.id(), 1);
            Optional<TransferSigned> toppedUp = signed(topUp, sweep.chain(), gas, fail);
            if (toppedUp.isEmpty()) {
                return;
            }
            keep(topUp, SWEEP_GAS, sweep.chain(), gas, toppedUp.get());
        }
        keep(intent, SWEEP, sweep.chain(), sweepDraft, swept.get());
    }

    /**
     * A Tron sweep: the deposit address's token transfer to the hot wallet, drafted by the node. Its energy is
     * delegated to the address from the resource account's staked TRX ({@link #delegation}), the address sent only its
     * bandwidth's TRX; or, when that is off, or the stake is short, or the signer refuses the delegation (above its
     * cap), and burning is allowed, burned: the hot wallet sends the address the difference between what the transfer
     * may burn (the node's estimate at the chain's energy price) and what it holds. All are kept together, or none is,
     * as on EVM chains.
     */
    private void tronSweep(Intended sweep, ChainSender sender, Consumer<String> fail) {
        TransferIntent intent = new TransferIntent(TransferIntent.Kind.SWEEP, sweep.id(), 1);
        String hotWallet = queries.query(new FindHotWallet(sweep.chain()), String.class).join();
        // Everything asked of the node first: a signature is given once, and must not wait on a node that fails. The
        // delegation first: it may wait on another node's, and the sweep's transaction expires a minute after it is
        // drafted.
        Optional<TransferDraft> delegation = tronEnergy.delegate() && sender instanceof EnergyDelegation resources
                ? delegation(sweep, hotWallet, resources) : Optional.empty();
        TransferDraft own = sender.draft(sweep.source(), 0, hotWallet, sweep.amount());
        BigInteger held = sender.coinBalance(sweep.source());
        TransferDraft bandwidth = delegation.isEmpty() ? null
                : coins(sender, hotWallet, sweep, ((EnergyDelegation) sender).bandwidthFee().subtract(held));
        TransferDraft burn = delegation.isPresent() && !tronEnergy.burnWhenShort() ? null
                : coins(sender, hotWallet, sweep, sender.tokenTransferFee(sweep.source(), hotWallet, sweep.amount())
                                                        .subtract(held));
        Optional<TransferSigned> swept = signed(intent, sweep.chain(), own, fail);
        if (swept.isEmpty()) {
            return;
        }
        TransferIntent energy = new TransferIntent(TransferIntent.Kind.SWEEP_ENERGY, intent.id(), 1);
        Optional<TransferSigned> delegated = Optional.empty();
        if (delegation.isPresent()) {
            SigningOutcome outcome = commands.sendAndWait(new SignTransfer(energy, sweep.chain(), delegation.get()));
            if (outcome.isSigned()) {
                delegated = Optional.of(outcome.signed());
            } else if (!tronEnergy.burnWhenShort()) {
                fail.accept("the signer refused the energy's delegation: " + outcome.refusedBecause());
                return;
            } else {
                log.warn("sweep {}: the signer refused the energy's delegation ({}); the deposit address burns TRX",
                         sweep.key(), outcome.refusedBecause());
            }
        }
        TransferDraft coins = delegated.isPresent() ? bandwidth : burn;
        TransferIntent topUp = new TransferIntent(TransferIntent.Kind.SWEEP_GAS, intent.id(), 1);
        Optional<TransferSigned> toppedUp = coins == null ? Optional.empty()
                : signed(topUp, sweep.chain(), coins, fail);
        if (coins != null && toppedUp.isEmpty()) {
            return;
        }
        toppedUp.ifPresent(signed -> keep(topUp, SWEEP_GAS, sweep.chain(), coins, signed));
        Optional<TransferSigned> energySigned = delegated;
        energySigned.ifPresent(signed -> keep(energy, SWEEP_ENERGY, sweep.chain(), delegation.get(), signed));
        keep(intent, SWEEP, sweep.chain(), own, swept.get());
    }

    /** The hot wallet's TRX for a deposit address that is {@code shortOf} it, or null when it is not short. */
    private static TransferDraft coins(ChainSender sender, String hotWallet, Intended sweep, BigInteger shortOf) {
        return shortOf.signum() > 0 ? sender.coinTransfer(hotWallet, sweep.source(), shortOf) : null;
    }

    /**
     * The resource account's delegation of the energy the sweep's transfer uses (the node's estimate, with room for
     * the price to move) to its deposit address. What the account can delegate is read from the node, less what the
     * delegations on their way (kept, not yet final) hold: one chain's delegations are drafted one at a time, so a
     * round of sweeps never promises the same stake twice. Empty when the account cannot delegate that much and
     * burning is allowed.
     *
     * @throws IllegalStateException when it cannot and burning is not allowed: the sweep waits, and the health says
     *                               why
     */
    private Optional<TransferDraft> delegation(Intended sweep, String hotWallet, EnergyDelegation resources) {
        lockNonces(sweep.chain());
        String account = queries.query(new FindResourceAccount(sweep.chain()), String.class).join();
        long energy = resources.energyUse(sweep.source(), hotWallet, sweep.amount());
        BigInteger reserved = jdbc.sql("SELECT raw FROM watcher.live_transfers WHERE kind = ? AND chain = ? "
                                       + "AND NOT closed")
                                  .params(SWEEP_ENERGY, sweep.chain().code()).query(String.class).list().stream()
                                  .map(resources::delegated).reduce(BigInteger.ZERO, BigInteger::add);
        Optional<BigInteger> staked = resources.stakeFor(account, energy, reserved);
        if (staked.isEmpty() && !tronEnergy.burnWhenShort()) {
            throw new IllegalStateException("the resource account " + account + " cannot delegate the " + energy
                                            + " energy the sweep uses: it waits until it can (burning TRX instead is "
                                            + "off: tally.sweeps.tron.burn-when-short)");
        }
        if (staked.isEmpty()) {
            log.info("sweep {}: the resource account {} cannot delegate {} energy; the deposit address burns TRX",
                     sweep.key(), account, energy);
        }
        return staked.map(sun -> resources.delegation(account, sweep.source(), sun));
    }

    /**
     * Takes back the energy delegated to a final sweep's deposit address: the undelegation of what its delegation
     * delegated and the address still has (nothing when the operator took it back already), signed for the intent's
     * attempt and kept. Nothing is to be taken back when the delegation was never mined and can no longer be.
     *
     * @return whether the intent is done; false to try again next round (the delegation not mined yet)
     */
    private boolean returnEnergy(Intended intended, ChainSender sender) {
        Optional<String> delegationRaw = jdbc.sql("SELECT raw FROM watcher.live_transfers WHERE intent_key = ?")
                .param(new TransferIntent(TransferIntent.Kind.SWEEP_ENERGY, intended.id(), 1).key())
                .query(String.class).optional();
        if (delegationRaw.isEmpty() || !(sender instanceof EnergyDelegation resources)) {
            log.warn("{}: no delegation of energy kept, or no sender that delegates: nothing to take back",
                     intended.key());
            return true;
        }
        List<String> hashes = transferHashes(TransferIntent.Kind.SWEEP_ENERGY, intended.id());
        if (hashes.stream().noneMatch(hash -> sender.inclusion(hash).isPresent())) {
            // Never mined: nothing to take back once it never can be; until then, wait.
            return sender.dead(intended.source(), 0, delegationRaw.get(), hashes.get(0));
        }
        String account = queries.query(new FindResourceAccount(intended.chain()), String.class).join();
        BigInteger staked = resources.delegated(delegationRaw.get())
                                     .min(resources.delegatedNow(account, intended.source()));
        if (staked.signum() <= 0) {
            return true; // taken back already
        }
        TransferDraft draft = resources.undelegation(account, intended.source(), staked);
        TransferIntent intent = new TransferIntent(TransferIntent.Kind.SWEEP_ENERGY_RETURN, intended.id(),
                                                   intended.returnAttempt());
        signed(intent, intended.chain(), draft, reason -> {
            throw new IllegalStateException("the signer refused to take back the energy: " + reason);
        }).ifPresent(signed -> keep(intent, SWEEP_ENERGY_RETURN, intended.chain(), draft, signed));
        // An attempt after one that expired carries since when the energy waits, and why.
        jdbc.sql("UPDATE watcher.live_transfers t SET last_error = i.last_error, failing_since = i.failing_since "
                 + "FROM watcher.live_intents i WHERE i.intent_key = t.intent_key AND t.intent_key = ? "
                 + "AND i.last_error LIKE ?")
            .params(intended.key(), RETURN_RETRIED + "%").update();
        return true;
    }

    /** Nonces are handed out one chain at a time, until the transaction that keeps them commits. */
    private void lockNonces(Chain chain) {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext(?))").param("live-transfers:" + chain.code())
            .query((rs, n) -> 1).list();
    }

    /** The nonce after the last one kept for {@code from}. */
    private long minNonce(Chain chain, String from) {
        return jdbc.sql("SELECT coalesce(max(nonce) + 1, 0) FROM watcher.live_transfers "
                        + "WHERE chain = ? AND lower(from_address) = lower(?)")
                   .params(chain.code(), from).query(Long.class).single();
    }

    /** Asks the signer; a refusal fails the intent with the signer's reason. */
    private Optional<TransferSigned> signed(TransferIntent intent, Chain chain, TransferDraft draft,
                                            Consumer<String> fail) {
        SigningOutcome outcome = commands.sendAndWait(new SignTransfer(intent, chain, draft));
        if (!outcome.isSigned()) {
            log.warn("{}: the signer refused: {}", intent, outcome.refusedBecause());
            fail.accept("the signer refused: " + outcome.refusedBecause());
            return Optional.empty();
        }
        return Optional.of(outcome.signed());
    }

    /** Keeps a signed transaction, to be handed over after this transaction commits. */
    private void keep(TransferIntent intent, String kind, Chain chain, TransferDraft draft, TransferSigned signed) {
        long nonce = draft instanceof TransferDraft.Evm evm ? evm.nonce().longValueExact() : 0;
        jdbc.sql("""
                INSERT INTO watcher.live_transfers (intent_key, kind, chain, from_address, nonce, tx_hash, raw,
                                                    signed_at, signed_on)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (intent_key) DO NOTHING""")
            .params(intent.key(), kind, chain.code(), signed.from(), nonce, signed.txHash(), signed.rawTransaction(),
                    Timestamp.from(clock.instant()), java.sql.Date.valueOf(signed.at().atZone(ZoneOffset.UTC)
                                                                                     .toLocalDate()))
            .update();
    }

    private boolean kept(String key) {
        return jdbc.sql("SELECT count(*) FROM watcher.live_transfers WHERE intent_key = ?").param(key)
                   .query(Long.class).single() > 0;
    }

    private void advanceQuietly(String key) {
        try {
            advance(key);
        } catch (RuntimeException e) {
            log.warn("{}: not handed to the chain yet ({}); the follower tries again", key, e.getMessage());
        }
    }

    /**
     * @param replaced  the transactions the current one ({@code txHash}, {@code raw}) replaced, oldest first
     * @param signedOn  the signer's day (UTC) of the attempt's first signature: its allowance holds the signatures
     * @param sentSince since when the current transaction waits to be mined: when it was first handed over, or when
     *                  a replacement of it was last refused
     */
    record Open(String key, String kind, Chain chain, String from, long nonce, String txHash, String raw,
                boolean broadcast, List<String> replaced, LocalDate signedOn, Instant sentSince) {
        String id() {
            return key.substring(0, key.indexOf('/'));
        }

        /** The intent the transaction is signed for. */
        TransferIntent intent() {
            return switch (kind) {
                case PAYOUT -> new TransferIntent(TransferIntent.Kind.PAYOUT, id(), attempt());
                case REFUND -> new TransferIntent(TransferIntent.Kind.REFUND, id(), attempt());
                case SWEEP -> new TransferIntent(TransferIntent.Kind.SWEEP, id(), attempt());
                case SWEEP_ENERGY -> new TransferIntent(TransferIntent.Kind.SWEEP_ENERGY, id(), 1);
                case SWEEP_ENERGY_RETURN -> new TransferIntent(TransferIntent.Kind.SWEEP_ENERGY_RETURN, id(),
                                                               returnAttempt(key));
                default -> new TransferIntent(TransferIntent.Kind.SWEEP_GAS, id(), 1); // its key ends "/gas"
            };
        }

        private int attempt() {
            return Integer.parseInt(key.substring(key.indexOf('/') + 1));
        }

        /** Every transaction of the transfer's nonce: the current one first. */
        List<String> hashes() {
            List<String> all = new ArrayList<>(List.of(txHash));
            for (int i = replaced.size() - 1; i >= 0; i--) {
                all.add(replaced.get(i));
            }
            return all;
        }
    }

    /** A transaction of the transfer that a block holds. */
    private record Included(String txHash, ChainSender.Inclusion inclusion) {
    }

    private List<String> openKeys() {
        return jdbc.sql("SELECT intent_key FROM watcher.live_transfers WHERE NOT closed ORDER BY signed_at LIMIT 500")
                   .query(String.class).list();
    }

    /**
     * Intents not signed, and open transfers the node has refused to take, for longer than {@code after}: key, since
     * when, and why.
     */
    public List<Map<String, Object>> failingFor(Duration after) {
        return jdbc.sql("""
                        SELECT intent_key, failing_since, last_error FROM (
                            SELECT intent_key, failing_since, last_error FROM watcher.live_transfers WHERE NOT closed
                            UNION ALL
                            SELECT intent_key, failing_since, last_error FROM watcher.live_intents) stuck
                        WHERE failing_since < ? ORDER BY failing_since LIMIT 20""")
                   .param(Timestamp.from(clock.instant().minus(after)))
                   .query((rs, n) -> Map.<String, Object>of("transfer", rs.getString(1),
                                                            "failingSince", rs.getTimestamp(2).toInstant().toString(),
                                                            "error", String.valueOf(rs.getString(3))))
                   .list();
    }

    /** Signs every kept intent and follows every open transfer, once; run every {@code followInterval}. */
    public void follow() {
        for (String key : jdbc.sql("SELECT intent_key FROM watcher.live_intents ORDER BY created_at LIMIT 500")
                              .query(String.class).list()) {
            signQuietly(key);
        }
        for (String key : openKeys()) {
            try {
                advance(key);
            } catch (RuntimeException e) {
                log.warn("{}: {}", key, e.getMessage());
            }
        }
    }

    /**
     * Moves one open transfer on, holding its row: another thread or node following it at the same time skips it, and
     * what this step records (its commands' events, the row) commits together or not at all.
     */
    private void advance(String key) {
        transactions.executeWithoutResult(status -> jdbc.sql(
                        "SELECT intent_key, kind, chain, from_address, nonce, tx_hash, raw, broadcast, "
                        + "replaced_hashes, coalesce(signed_on, (signed_at AT TIME ZONE 'UTC')::date), "
                        + "coalesce(greatest(broadcast_at, replaced_at), signed_at) "
                        + "FROM watcher.live_transfers WHERE intent_key = ? AND NOT closed FOR UPDATE SKIP LOCKED")
                .param(key)
                .query((rs, n) -> new Open(rs.getString(1), rs.getString(2),
                                           Chain.fromCode(rs.getString(3)).orElseThrow(), rs.getString(4),
                                           rs.getLong(5), rs.getString(6), rs.getString(7), rs.getBoolean(8),
                                           List.of((String[]) rs.getArray(9).getArray()),
                                           rs.getDate(10).toLocalDate(), rs.getTimestamp(11).toInstant()))
                .optional().ifPresent(this::advance));
    }

    /** The transaction of the transfer's nonce that a block holds, if any. */
    private static Optional<Included> included(ChainSender sender, Open transfer) {
        for (String hash : transfer.hashes()) {
            Optional<ChainSender.Inclusion> inclusion = sender.inclusion(hash);
            if (inclusion.isPresent()) {
                return Optional.of(new Included(hash, inclusion.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * Replaces a transaction handed over and unmined for {@code replaceAfter} by one with the same nonce and higher
     * fees, signed by the signer for the same attempt, and keeps it in its place: the replacement is what is handed
     * over from now on, the replaced hash remembered. A refusal is kept as the transfer's last error, and tried again
     * after another {@code replaceAfter}.
     *
     * @return the transfer as it is now
     */
    private Open replaceIfStuck(Open transfer, ChainSender sender) {
        Instant now = clock.instant();
        if (!transfer.broadcast() || transfer.sentSince().plus(replaceAfter).isAfter(now)) {
            return transfer;
        }
        Optional<TransferDraft.Evm> draft = sender.replacementDraft(transfer.raw());
        if (draft.isEmpty()) {
            return transfer;
        }
        SigningOutcome outcome = commands.sendAndWait(new ReplaceTransfer(
                transfer.intent(), transfer.chain(), draft.get(), transfer.txHash(), transfer.signedOn()));
        if (!outcome.isSigned()) {
            jdbc.sql("UPDATE watcher.live_transfers SET replaced_at = ?, last_error = ?, "
                     + "failing_since = coalesce(failing_since, ?) WHERE intent_key = ?")
                .params(Timestamp.from(now), NOT_REPLACED + outcome.refusedBecause(), Timestamp.from(now),
                        transfer.key())
                .update();
            log.warn("{} {}: transaction {} unmined since {}, not replaced: {}", transfer.kind(), transfer.key(),
                     transfer.txHash(), transfer.sentSince(), outcome.refusedBecause());
            return transfer;
        }
        TransferSigned replacement = outcome.signed();
        // Not broadcast until the node takes it: then the payout, refund or sweep is recorded broadcast with its hash.
        jdbc.sql("UPDATE watcher.live_transfers SET replaced_hashes = array_append(replaced_hashes, tx_hash), "
                 + "tx_hash = ?, raw = ?, replaced_at = ?, broadcast = false, broadcast_at = NULL, "
                 + "last_error = NULL, failing_since = NULL WHERE intent_key = ? AND tx_hash = ?")
            .params(replacement.txHash(), replacement.rawTransaction(), Timestamp.from(now), transfer.key(),
                    transfer.txHash())
            .update();
        log.info("{} {}: transaction {} unmined since {}, replaced by {} (nonce {}, higher fees)", transfer.kind(),
                 transfer.key(), transfer.txHash(), transfer.sentSince(), replacement.txHash(), transfer.nonce());
        List<String> replaced = new ArrayList<>(transfer.replaced());
        replaced.add(transfer.txHash());
        return new Open(transfer.key(), transfer.kind(), transfer.chain(), transfer.from(), transfer.nonce(),
                        replacement.txHash(), replacement.rawTransaction(), false, List.copyOf(replaced),
                        transfer.signedOn(), now);
    }

    private void advance(Open transfer) {
        ChainSender sender = senders.get(transfer.chain());
        if (sender == null) {
            return;
        }
        Optional<Included> included = included(sender, transfer);
        if (included.isEmpty() && sender.dead(transfer.from(), transfer.nonce(), transfer.raw(),
                                              transfer.txHash())) {
            if (SWEEP_ENERGY_RETURN.equals(transfer.kind())) {
                // Taking the energy back is tried again, as the next attempt: what is still delegated, if anything.
                close(transfer);
                String deposit = jdbc.sql("SELECT from_address FROM watcher.live_transfers WHERE intent_key = ?")
                        .param(new TransferIntent(TransferIntent.Kind.SWEEP, transfer.id(), 1).key())
                        .query(String.class).single();
                intendReturn(transfer.id(), transfer.chain(), deposit, returnAttempt(transfer.key()) + 1);
                // Since when the energy waits to come back: the first attempt's, carried to each next one.
                jdbc.sql("UPDATE watcher.live_intents SET last_error = ?, failing_since = (SELECT "
                         + "coalesce(failing_since, signed_at) FROM watcher.live_transfers WHERE intent_key = ?) "
                         + "WHERE intent_key = ?")
                    .params(RETURN_RETRIED + "attempt " + returnAttempt(transfer.key()) + " of " + transfer.txHash(),
                            transfer.key(),
                            new TransferIntent(TransferIntent.Kind.SWEEP_ENERGY_RETURN, transfer.id(),
                                               returnAttempt(transfer.key()) + 1).key())
                    .update();
                log.warn("{}: expired unmined; the energy is taken back by a new transaction", transfer.key());
                return;
            }
            // Provably dead: another transaction took its nonce for good (EVM), or it expired unmined (Tron).
            fail(transfer, transfer.txHash(), transfer.chain() == Chain.TRON ? EXPIRED : SUPERSEDED, null);
            return;
        }
        if (included.isEmpty()) {
            transfer = replaceIfStuck(transfer, sender);
        }
        Optional<ChainSender.Inclusion> inclusion = included.map(Included::inclusion);
        Optional<String> waitsFor = inclusion.isEmpty() && !transfer.broadcast() && transfer.chain() == Chain.TRON
                ? tronPrerequisite(sender, transfer) : Optional.empty();
        if (waitsFor.isPresent()) {
            jdbc.sql("UPDATE watcher.live_transfers SET last_error = ?, failing_since = coalesce(failing_since, ?) "
                     + "WHERE intent_key = ?")
                .params(waitsFor.get(), Timestamp.from(clock.instant()), transfer.key())
                .update();
            return;
        }
        if (inclusion.isEmpty()) {
            try {
                if (!transfer.broadcast()) {
                    // Never handed over yet: one that would fail (the wallet short of the token) would only burn
                    // its fee. It waits, as a refused one does, until it would succeed.
                    Optional<String> failure = sender.wouldFail(transfer.raw());
                    if (failure.isPresent()) {
                        throw new IllegalStateException(failure.get());
                    }
                }
                sender.broadcast(transfer.raw());
            } catch (RuntimeException e) {
                // The node refused it (the hot wallet short of gas or tokens, a node error): kept, tried again each
                // round, and reported by the money-out health component while it lasts.
                jdbc.sql("UPDATE watcher.live_transfers SET last_error = ?, failing_since = coalesce(failing_since, ?) "
                         + "WHERE intent_key = ?")
                    .params(e.getMessage(), Timestamp.from(clock.instant()), transfer.key()).update();
                log.warn("{} {}: not handed to the node: {}", transfer.kind(), transfer.key(), e.getMessage());
                return;
            }
        }
        // Taken by the node: what it refused before is past (not a refused replacement: the transfer is still stuck).
        jdbc.sql("UPDATE watcher.live_transfers SET last_error = NULL, failing_since = NULL "
                 + "WHERE intent_key = ? AND failing_since IS NOT NULL "
                 + "AND (last_error IS NULL OR (last_error NOT LIKE ? AND last_error NOT LIKE ?))")
            .params(transfer.key(), NOT_REPLACED + "%", RETURN_RETRIED + "%").update();
        if (!transfer.broadcast()
            && (included.isEmpty() || included.get().txHash().equals(transfer.txHash()))) {
            recordBroadcast(transfer); // not a replacement never taken, whose replaced transaction was mined instead
        }
        if (inclusion.isEmpty()) {
            return;
        }
        OptionalLong finalized = sender.finalizedNumber();
        long block = inclusion.get().blockNumber();
        if (finalized.isEmpty() || block > finalized.getAsLong()) {
            return;
        }
        NetworkFee fee = inclusion.get().fee();
        String mined = included.get().txHash();
        if (!inclusion.get().succeeded()) {
            fail(transfer, mined, REVERTED, fee);
            return;
        }
        String id = transfer.id();
        Instant now = clock.instant();
        switch (transfer.kind()) {
            case REFUND -> commands.sendAndWait(new ConfirmRefund(RefundId.of(id), mined, block, now, fee));
            case PAYOUT -> commands.sendAndWait(new ConfirmPayout(PayoutId.of(id), mined, block, now, fee));
            case SWEEP -> commands.sendAndWait(new ConfirmSweep(SweepId.of(id), mined, block, fee,
                                                                topUpFee(sender, id), now));
            case SWEEP_ENERGY_RETURN -> {
                Optional<Included> delegation = mined(sender, TransferIntent.Kind.SWEEP_ENERGY, id);
                commands.sendAndWait(new RecordSweepEnergyReturned(
                        SweepId.of(id), delegation.map(Included::txHash).orElse(null),
                        delegation.map(d -> d.inclusion().fee()).orElse(null), mined, fee, now));
            }
            default -> { } // a sweep's gas or energy: its sweep is what is confirmed
        }
        close(transfer);
        log.info("{} {}: transaction {} final in block {}", transfer.kind(), id, mined, block);
    }

    /**
     * What a Tron sweep's transfer, not yet handed over, waits for, if anything: a Tron account that exists takes a
     * transfer it cannot pay for, and burns what it holds, so the sweep waits for the TRX sent to its address and for
     * the energy delegated to it to be in a block; the delegation waits for that TRX too (it activates an address
     * that never held any, and the network delegates to no account that does not exist).
     */
    private Optional<String> tronPrerequisite(ChainSender sender, Open transfer) {
        boolean sweep = SWEEP.equals(transfer.kind());
        if ((sweep || SWEEP_ENERGY.equals(transfer.kind()))
            && !mined(sender, transferHashes(TransferIntent.Kind.SWEEP_GAS, transfer.id()))) {
            return Optional.of("waits for the TRX sent to the deposit address to be mined");
        }
        if (sweep && !mined(sender, transferHashes(TransferIntent.Kind.SWEEP_ENERGY, transfer.id()))) {
            return Optional.of("waits for the energy delegated to the deposit address to be mined");
        }
        return Optional.empty();
    }

    /** Whether one of the transactions is in a block; true when there are none. */
    private static boolean mined(ChainSender sender, List<String> hashes) {
        return hashes.isEmpty() || hashes.stream().anyMatch(hash -> sender.inclusion(hash).isPresent());
    }

    /** What the gas sent to a sweep's deposit address cost the hot wallet, null when none was sent or mined. */
    private NetworkFee topUpFee(ChainSender sender, String sweepId) {
        return mined(sender, TransferIntent.Kind.SWEEP_GAS, sweepId).map(Included::inclusion)
                                                                     .map(ChainSender.Inclusion::fee).orElse(null);
    }

    /** The sweep's transaction of that kind (gas, energy) that a block holds, if any. */
    private Optional<Included> mined(ChainSender sender, TransferIntent.Kind kind, String sweepId) {
        for (String hash : transferHashes(kind, sweepId)) {
            Optional<ChainSender.Inclusion> inclusion = sender.inclusion(hash);
            if (inclusion.isPresent()) {
                return Optional.of(new Included(hash, inclusion.get()));
            }
        }
        return Optional.empty();
    }

    /** The transactions of a sweep's gas or energy (the first and its replacements), none when none was sent. */
    private List<String> transferHashes(TransferIntent.Kind kind, String sweepId) {
        return jdbc.sql("SELECT unnest(array_prepend(tx_hash, replaced_hashes)) FROM watcher.live_transfers "
                        + "WHERE intent_key = ?")
                   .param(new TransferIntent(kind, sweepId, 1).key())
                   .query(String.class).list();
    }

    /**
     * Fails the payout or the refund's attempt whose transaction is final as failed (with what it cost), or can never
     * be mined (no fee).
     */
    private void fail(Open transfer, String txHash, String reason, NetworkFee fee) {
        String id = transfer.id();
        Instant now = clock.instant();
        switch (transfer.kind()) {
            case REFUND -> commands.sendAndWait(new FailRefund(RefundId.of(id), txHash, reason, now, fee));
            case PAYOUT -> commands.sendAndWait(new FailPayout(PayoutId.of(id), reason, now, fee, txHash));
            case SWEEP -> commands.sendAndWait(new FailSweep(SweepId.of(id), reason, fee,
                                                             topUpFee(senders.get(transfer.chain()), id), now,
                                                             txHash));
            default -> { } // a sweep's gas that never made it: the sweep, short of gas, says so in the health
        }
        close(transfer);
        log.warn("{} {}: transaction {} failed: {}", transfer.kind(), id, txHash, reason);
    }

    /**
     * Closes a transfer; a closed sweep whose energy was delegated leaves an intent to take it back (signed next
     * round), in the same transaction.
     */
    private void close(Open transfer) {
        jdbc.sql("UPDATE watcher.live_transfers SET closed = true WHERE intent_key = ?").param(transfer.key())
            .update();
        if (SWEEP.equals(transfer.kind())
            && kept(new TransferIntent(TransferIntent.Kind.SWEEP_ENERGY, transfer.id(), 1).key())) {
            intendReturn(transfer.id(), transfer.chain(), transfer.from(), 1);
        }
    }

    /** Keeps the intent to take back a sweep's energy from its deposit address, signed next round. */
    private void intendReturn(String sweepId, Chain chain, String depositAddress, int attempt) {
        jdbc.sql("""
                INSERT INTO watcher.live_intents (intent_key, kind, chain, source, destination, asset, amount,
                                                  created_at)
                VALUES (?, ?, ?, ?, NULL, 'USDT', 0, ?) ON CONFLICT (intent_key) DO NOTHING""")
            .params(new TransferIntent(TransferIntent.Kind.SWEEP_ENERGY_RETURN, sweepId, attempt).key(),
                    SWEEP_ENERGY_RETURN, chain.code(), depositAddress, Timestamp.from(clock.instant()))
            .update();
    }

    private void recordBroadcast(Open transfer) {
        String key = transfer.key();
        String id = key.substring(0, key.indexOf('/'));
        switch (transfer.kind()) {
            case REFUND -> commands.sendAndWait(new RecordRefundBroadcast(
                    RefundId.of(id), Integer.parseInt(key.substring(key.indexOf('/') + 1)), transfer.txHash(),
                    clock.instant()));
            case PAYOUT -> commands.sendAndWait(new RecordPayoutBroadcast(PayoutId.of(id), transfer.txHash(),
                                                                          clock.instant()));
            case SWEEP -> commands.sendAndWait(new RecordSweepBroadcast(SweepId.of(id), transfer.txHash(),
                                                                        clock.instant()));
            default -> { } // a sweep's gas has no status of its own
        }
        jdbc.sql("UPDATE watcher.live_transfers SET broadcast = true, broadcast_at = ? WHERE intent_key = ?")
            .params(Timestamp.from(clock.instant()), key).update();
    }

    @Override
    public void start() {
        follower.start();
    }

    @Override
    public void stop() {
        follower.stop();
    }

    @Override
    public boolean isRunning() {
        return follower.isRunning();
    }
}
