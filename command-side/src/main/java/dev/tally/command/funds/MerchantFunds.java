package dev.tally.command.funds;

import dev.tally.command.CommandSideProperties;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.funds.ChangePayoutAddress;
import dev.tally.kernel.funds.CreditFunds;
import dev.tally.kernel.funds.DailyPayoutDue;
import dev.tally.kernel.funds.FundsBalance;
import dev.tally.kernel.funds.FundsCreditFinal;
import dev.tally.kernel.funds.FundsCreditReversed;
import dev.tally.kernel.funds.FundsCredited;
import dev.tally.kernel.funds.FundsId;
import dev.tally.kernel.funds.MakeCreditFinal;
import dev.tally.kernel.funds.PayoutAddressChanged;
import dev.tally.kernel.funds.PayoutReservationPosted;
import dev.tally.kernel.funds.PayoutReservationReleased;
import dev.tally.kernel.funds.PayoutReserved;
import dev.tally.kernel.funds.PayoutScheduleKind;
import dev.tally.kernel.funds.PayoutScheduleSet;
import dev.tally.kernel.funds.PayoutTrigger;
import dev.tally.kernel.funds.PostPayoutReservation;
import dev.tally.kernel.funds.ReleasePayoutReservation;
import dev.tally.kernel.funds.ReservePayout;
import dev.tally.kernel.funds.ReverseCredit;
import dev.tally.kernel.funds.SetPayoutSchedule;
import dev.tally.kernel.ids.Base62;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.refund.InvoiceRefundRequested;
import dev.tally.kernel.refund.PostRefundReservation;
import dev.tally.kernel.refund.RefundReservationPosted;
import dev.tally.kernel.refund.RefundReservationRefused;
import dev.tally.kernel.refund.RefundReservationReleased;
import dev.tally.kernel.refund.RefundReserved;
import dev.tally.kernel.refund.ReleaseRefundReservation;
import dev.tally.kernel.refund.ReserveRefund;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.TokenAmount;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.annotation.DeadlineHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * The money of one merchant in one mode that money out may move, decided on the write side: balances per asset
 * (moved only by {@link FundsBalance}'s rules), the credits still waiting for finality, the open payout
 * reservations, and the payout address per chain. Every payout is reserved here, one decision at a time per
 * merchant, so concurrent payouts can never together take more than the available balance.
 *
 * <p><b>Exactly once.</b> A credit is keyed by its settlement and a reservation by its payout: the same command again
 * changes nothing while the credit waits for finality or the payout is known. The credits are sent by a processor
 * whose token commits in the same transaction as the command's events, so a credit made final is never sent again.
 *
 * <p><b>Snapshots.</b> Its stream grows with every settlement, so it is snapshotted (as JSON, its fields) every
 * {@code tally.payouts.funds-snapshot-after} events and loaded from the latest snapshot; a snapshot of another
 * {@link Revision} is ignored and the stream read from its start.
 */
@Aggregate(snapshotTriggerDefinition = MerchantFunds.SNAPSHOT_TRIGGER)
@Revision("2")
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class MerchantFunds {
    /** The bean that snapshots a merchant's funds every {@code tally.payouts.funds-snapshot-after} events. */
    public static final String SNAPSHOT_TRIGGER = "merchantFundsSnapshotTrigger";
    static final String DAILY_PAYOUT = "daily-payout";

    @AggregateIdentifier
    private FundsId fundsId;
    private MerchantId merchantId;
    private Mode mode;
    private final Map<Asset, FundsBalance> balances = new EnumMap<>(Asset.class);
    /** Settlement id → its net, credited and not yet final. */
    private final Map<String, TokenAmount> unfinalCredits = new HashMap<>();
    /** Payout id → its amount, reserved and neither posted nor released. */
    private final Map<String, TokenAmount> openReservations = new HashMap<>();
    /** Every payout ever reserved here, by id: a payout id is reserved at most once. */
    private final Map<String, PayoutReserved> payouts = new HashMap<>();
    /**
     * Every refund ever decided here, by id: reserved or refused. Either answer is for good, so a refund refused once
     * is never reserved later.
     */
    private final Map<String, RefundReserved> reservedRefunds = new HashMap<>();
    private final Map<String, RefundReservationRefused> refusedRefunds = new HashMap<>();
    /** Refund id → its merchant share, reserved and neither posted nor released. */
    private final Map<String, TokenAmount> openRefunds = new HashMap<>();
    /** When the available balance is paid out unasked; null until set (manual). */
    private PayoutScheduleSet schedule;
    /**
     * Per chain (by its code), the last change of the payout address: its address from its effectiveAt on, its
     * previous before.
     */
    private final Map<String, PayoutAddressChanged> payoutAddresses = new HashMap<>();

    private static String addressAt(PayoutAddressChanged change, Instant now) {
        if (change == null) {
            return null;
        }
        return now.isBefore(change.effectiveAt()) ? change.previous() : change.address();
    }

    protected MerchantFunds() {
        // for Axon
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(CreditFunds command) {
        requireOwner(command.fundsId(), command.merchantId(), command.mode());
        String settlement = command.settlementId().value();
        if (unfinalCredits.containsKey(settlement) || command.net().isZero()) {
            return;
        }
        FundsBalance after = balance(command.net().asset()).credit(command.net());
        apply(new FundsCredited(command.fundsId(), command.merchantId(), command.mode(), command.settlementId(),
                                command.net(), after, command.at()));
    }

    /**
     * Makes a credit available; a threshold schedule then pays out the available balance once it reaches it. Funds
     * that never had a credit (a settlement whose whole gross was fee) have nothing to make final.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(MakeCreditFinal command, Clock clock, CommandSideProperties properties) {
        TokenAmount net = unfinalCredits.get(command.settlementId().value());
        if (net == null) {
            return; // final already, or never credited (a zero net)
        }
        apply(new FundsCreditFinal(fundsId, merchantId, mode, command.settlementId(), net,
                                   balance(net.asset()).makeFinal(net), command.at()));
        if (schedule != null && schedule.kind() == PayoutScheduleKind.THRESHOLD) {
            payOutUnasked(PayoutTrigger.THRESHOLD, command.settlementId().value(), clock.instant(), properties);
        }
    }

    /**
     * Sets the payout schedule. A daily one is run by a persistent deadline, at {@code dailyAt} UTC every day; setting
     * another schedule cancels it.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    PayoutScheduleSet handle(SetPayoutSchedule command, Clock clock, DeadlineManager deadlines) {
        requireOwner(command.fundsId(), command.merchantId(), command.mode());
        Instant now = clock.instant();
        if (command.kind() != PayoutScheduleKind.MANUAL) {
            if (command.amount() == null || command.amount().isZero()) {
                throw DomainException.ruleViolation("amount must be greater than zero for a " + command.kind().code()
                                                    + " schedule");
            }
            if (addressAt(payoutAddresses.get(command.chain().code()), now) == null) {
                throw DomainException.ruleViolation("no payout address on " + command.chain().code()
                                                    + ": set one before scheduling payouts there");
            }
        }
        deadlines.cancelAllWithinScope(DAILY_PAYOUT);
        Instant nextRunAt = null;
        if (command.kind() == PayoutScheduleKind.DAILY) {
            nextRunAt = nextDailyRun(now, command.dailyAt());
            deadlines.schedule(nextRunAt, DAILY_PAYOUT, new DailyPayoutDue(dayOf(nextRunAt)));
        }
        PayoutScheduleSet set = new PayoutScheduleSet(command.fundsId(), command.merchantId(), command.mode(),
                                                      command.chain(),
                                                      command.kind(),
                                                      command.kind() == PayoutScheduleKind.MANUAL ? null
                                                                                                  : command.amount(),
                                                      nextRunAt, now);
        apply(set);
        return set;
    }

    /** A day of a daily schedule: pays out the available balance if it is at least the minimum, then the next day. */
    @DeadlineHandler(deadlineName = DAILY_PAYOUT)
    void onDailyPayoutDue(DailyPayoutDue due, DeadlineManager deadlines, Clock clock,
                          CommandSideProperties properties) {
        if (schedule == null || schedule.kind() != PayoutScheduleKind.DAILY) {
            return; // the schedule changed since
        }
        Instant now = clock.instant();
        payOutUnasked(PayoutTrigger.DAILY, due.day(), now, properties);
        // The day after the one due, or the next run from now if Tally was down for days: one chain of deadlines.
        LocalTime at = LocalTime.ofInstant(schedule.nextRunAt(), ZoneOffset.UTC);
        Instant dayAfter = LocalDate.parse(due.day()).plusDays(1).atTime(at).toInstant(ZoneOffset.UTC);
        Instant next = dayAfter.isAfter(now) ? dayAfter : nextDailyRun(now, at);
        deadlines.schedule(next, DAILY_PAYOUT, new DailyPayoutDue(dayOf(next)));
    }

    /**
     * Reserves the whole available balance for a payout the schedule asks for, when it is at least the schedule's
     * amount: the network fee charged to the merchant, if any, and the rest paid out. Its id derives from the
     * schedule's trigger and its occasion (a settlement made final, a day), so the same occasion never pays out twice.
     */
    private void payOutUnasked(PayoutTrigger trigger, String occasion, Instant now,
                               CommandSideProperties properties) {
        TokenAmount available = balance(schedule.amount().asset()).available();
        TokenAmount fee = properties.getPayouts().networkFeeCharged(schedule.chain(), available.asset());
        if (available.isLessThan(schedule.amount()) || !available.isGreaterThan(fee)) {
            return;
        }
        PayoutId payoutId = derivedPayoutId(fundsId, trigger, occasion);
        String destination = addressAt(payoutAddresses.get(schedule.chain().code()), now);
        if (payouts.containsKey(payoutId.value()) || destination == null) {
            return;
        }
        apply(new PayoutReserved(fundsId, merchantId, mode, payoutId, schedule.chain(), destination,
                                 available.minus(fee), balance(available.asset()).reserve(available), now, trigger,
                                 fee));
    }

    static PayoutId derivedPayoutId(FundsId fundsId, PayoutTrigger trigger, String occasion) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    (fundsId.value() + "|" + trigger.code() + "|" + occasion).getBytes(StandardCharsets.UTF_8));
            return PayoutId.of(PayoutId.PREFIX + Base62.encode(Arrays.copyOf(digest, 16)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The first {@code at} (UTC) strictly after {@code now}. */
    static Instant nextDailyRun(Instant now, LocalTime at) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Instant candidate = today.atTime(at).toInstant(ZoneOffset.UTC);
        return candidate.isAfter(now) ? candidate : candidate.plus(1, ChronoUnit.DAYS);
    }

    private static String dayOf(Instant at) {
        return LocalDate.ofInstant(at, ZoneOffset.UTC).toString();
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ReverseCredit command) {
        TokenAmount net = unfinalCredits.get(command.settlementId().value());
        if (net == null) {
            return; // reversed already, or never credited
        }
        apply(new FundsCreditReversed(fundsId, merchantId, mode, command.settlementId(), net,
                                      balance(net.asset()).reverse(net), command.at()));
    }

    /** @return the change that sets the address: this one, or the earlier one when the address is already set */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    PayoutAddressChanged handle(ChangePayoutAddress command, Clock clock, OwnAddresses own) {
        requireOwner(command.fundsId(), command.merchantId(), command.mode());
        if (own.isDepositAddress(command.chain(), command.address())) {
            // A payout there would come back as a payment: money going round instead of out.
            throw DomainException.ruleViolation("the payout address is one of Tally's deposit addresses; give an "
                                                + "address of the merchant's own wallet");
        }
        Instant now = clock.instant();
        PayoutAddressChanged current = payoutAddresses.get(command.chain().code());
        if (current != null && current.address().equals(command.address())) {
            return current; // already the address, or already the pending change: the delay does not start again
        }
        String effective = addressAt(current, now);
        Instant effectiveAt = effective == null ? now : now.plus(command.delay());
        PayoutAddressChanged changed = new PayoutAddressChanged(command.fundsId(), command.merchantId(),
                                                                command.mode(), command.chain(), command.address(),
                                                                effective, now, effectiveAt);
        apply(changed);
        return changed;
    }

    /** @return the reservation: the new one, or the first one of this payout when it is sent again */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    PayoutReserved handle(ReservePayout command, Clock clock, CommandSideProperties properties) {
        requireOwner(command.fundsId(), command.merchantId(), command.mode());
        PayoutReserved earlier = payouts.get(command.payoutId().value());
        if (earlier != null) {
            if (earlier.chain() != command.chain() || !earlier.amount().equals(command.amount())) {
                throw DomainException.invalidState("payout " + command.payoutId() + " was requested with another "
                                                   + "chain or amount");
            }
            return earlier;
        }
        Instant now = clock.instant();
        String destination = addressAt(payoutAddresses.get(command.chain().code()), now);
        if (destination == null) {
            throw DomainException.ruleViolation("no payout address on " + command.chain().code()
                                                + ": set one with PUT /api/v1/payout-addresses/"
                                                + command.chain().code());
        }
        TokenAmount fee = properties.getPayouts().networkFeeCharged(command.chain(), command.amount().asset());
        FundsBalance after = balance(command.amount().asset()).reserve(command.amount(), fee);
        PayoutReserved reserved = new PayoutReserved(command.fundsId(), command.merchantId(), command.mode(),
                                                     command.payoutId(), command.chain(), destination,
                                                     command.amount(), after, now, PayoutTrigger.MANUAL, fee);
        apply(reserved);
        return reserved;
    }

    /**
     * Reserves a refund's merchant share from the available balance, like a payout: the refund and every payout are
     * decided here one at a time, so together they never take more than the balance. A share the balance does not
     * cover is refused by an event, for good.
     *
     * @return {@link RefundReserved} or {@link RefundReservationRefused}: this decision, or the first one of this
     * refund when it is sent again
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    Object handle(ReserveRefund command, Clock clock) {
        InvoiceRefundRequested request = command.request();
        requireOwner(command.fundsId(), request.merchantId(), request.mode());
        String id = request.refundId().value();
        if (reservedRefunds.containsKey(id) || refusedRefunds.containsKey(id)) {
            return reservedRefunds.containsKey(id) ? reservedRefunds.get(id) : refusedRefunds.get(id);
        }
        TokenAmount share = request.split().merchantShare();
        FundsBalance balance = balance(share.asset());
        Object decided;
        if (balance.available().isLessThan(share)) {
            decided = new RefundReservationRefused(command.fundsId(), request, "insufficient available balance: "
                    + balance.available().toDecimalString() + " " + share.asset().code() + " available (final on "
                    + "chain, not reserved), the refund takes " + share.toDecimalString() + " of its "
                    + request.split().amount().toDecimalString() + " from it (the rest is the platform's fee given "
                    + "back, or money that paid no invoice)", clock.instant());
        } else {
            decided = new RefundReserved(command.fundsId(), request,
                                         share.isZero() ? balance : balance.reserve(share));
        }
        apply(decided);
        return decided;
    }

    @CommandHandler
    void handle(PostRefundReservation command) {
        TokenAmount share = openRefunds.get(command.refundId().value());
        if (share == null) {
            requireKnownRefund(command.refundId());
            return; // posted or released already
        }
        apply(new RefundReservationPosted(fundsId, merchantId, mode, command.refundId(), share,
                                          share.isZero() ? balance(share.asset()) : balance(share.asset()).post(share),
                                          command.at()));
    }

    @CommandHandler
    void handle(ReleaseRefundReservation command) {
        TokenAmount share = openRefunds.get(command.refundId().value());
        if (share == null) {
            requireKnownRefund(command.refundId());
            return; // posted or released already
        }
        apply(new RefundReservationReleased(fundsId, merchantId, mode, command.refundId(), share, command.reason(),
                                            share.isZero() ? balance(share.asset())
                                                           : balance(share.asset()).release(share),
                                            command.at()));
    }

    private void requireKnownRefund(RefundId refundId) {
        if (!reservedRefunds.containsKey(refundId.value())) {
            throw DomainException.notFound("refund " + refundId);
        }
    }

    @CommandHandler
    void handle(PostPayoutReservation command) {
        TokenAmount amount = openReservations.get(command.payoutId().value());
        if (amount == null) {
            requireKnown(command.payoutId());
            return; // posted already
        }
        apply(new PayoutReservationPosted(fundsId, merchantId, mode, command.payoutId(), amount,
                                          balance(amount.asset()).post(amount), command.at()));
    }

    @CommandHandler
    void handle(ReleasePayoutReservation command) {
        TokenAmount amount = openReservations.get(command.payoutId().value());
        if (amount == null) {
            requireKnown(command.payoutId());
            return; // released already
        }
        apply(new PayoutReservationReleased(fundsId, merchantId, mode, command.payoutId(), amount, command.reason(),
                                            balance(amount.asset()).release(amount), command.at()));
    }

    private void requireKnown(PayoutId payoutId) {
        if (!payouts.containsKey(payoutId.value())) {
            throw DomainException.notFound("payout " + payoutId);
        }
    }

    private void requireOwner(FundsId id, MerchantId merchant, Mode commandMode) {
        if (merchant == null || !id.equals(FundsId.of(merchant, commandMode))) {
            throw DomainException.ruleViolation("funds " + id + " are not those of merchant " + merchant + " in "
                                                + Mode.orLive(commandMode).code() + " mode");
        }
    }

    private FundsBalance balance(Asset asset) {
        return balances.getOrDefault(asset, FundsBalance.zero(asset));
    }

    private void opened(FundsId id, MerchantId merchant, Mode eventMode) {
        if (fundsId == null) {
            fundsId = id;
            merchantId = merchant;
            mode = eventMode;
        }
    }

    @EventSourcingHandler
    void on(FundsCredited event) {
        opened(event.fundsId(), event.merchantId(), event.mode());
        unfinalCredits.put(event.settlementId().value(), event.amount());
        balances.put(event.balance().asset(), event.balance());
    }

    @EventSourcingHandler
    void on(FundsCreditFinal event) {
        unfinalCredits.remove(event.settlementId().value());
        balances.put(event.balance().asset(), event.balance());
    }

    @EventSourcingHandler
    void on(FundsCreditReversed event) {
        unfinalCredits.remove(event.settlementId().value());
        balances.put(event.balance().asset(), event.balance());
    }

    @EventSourcingHandler
    void on(PayoutAddressChanged event) {
        opened(event.fundsId(), event.merchantId(), event.mode());
        payoutAddresses.put(event.chain().code(), event);
    }

    @EventSourcingHandler
    void on(PayoutScheduleSet event) {
        opened(event.fundsId(), event.merchantId(), event.mode());
        schedule = event;
    }

    @EventSourcingHandler
    void on(PayoutReserved event) {
        opened(event.fundsId(), event.merchantId(), event.mode());
        payouts.put(event.payoutId().value(), event);
        openReservations.put(event.payoutId().value(), event.charged());
        balances.put(event.balance().asset(), event.balance());
    }

    @EventSourcingHandler
    void on(PayoutReservationPosted event) {
        openReservations.remove(event.payoutId().value());
        balances.put(event.balance().asset(), event.balance());
    }

    @EventSourcingHandler
    void on(PayoutReservationReleased event) {
        openReservations.remove(event.payoutId().value());
        balances.put(event.balance().asset(), event.balance());
    }

    @EventSourcingHandler
    void on(RefundReserved event) {
        InvoiceRefundRequested request = event.request();
        opened(event.fundsId(), request.merchantId(), request.mode());
        reservedRefunds.put(request.refundId().value(), event);
        openRefunds.put(request.refundId().value(), request.split().merchantShare());
        balances.put(event.balance().asset(), event.balance());
    }

    @EventSourcingHandler
    void on(RefundReservationRefused event) {
        opened(event.fundsId(), event.request().merchantId(), event.request().mode());
        refusedRefunds.put(event.request().refundId().value(), event);
    }

    @EventSourcingHandler
    void on(RefundReservationPosted event) {
        openRefunds.remove(event.refundId().value());
        balances.put(event.balance().asset(), event.balance());
    }

    @EventSourcingHandler
    void on(RefundReservationReleased event) {
        openRefunds.remove(event.refundId().value());
        balances.put(event.balance().asset(), event.balance());
    }

    FundsBalance balanceOf(Asset asset) {
        return balance(Objects.requireNonNull(asset));
    }
}
