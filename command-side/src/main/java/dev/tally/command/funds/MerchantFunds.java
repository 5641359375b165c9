package dev.tally.command.funds;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.funds.ChangePayoutAddress;
import dev.tally.kernel.funds.CreditFunds;
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
import dev.tally.kernel.funds.PostPayoutReservation;
import dev.tally.kernel.funds.ReleasePayoutReservation;
import dev.tally.kernel.funds.ReservePayout;
import dev.tally.kernel.funds.ReverseCredit;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PayoutId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.Clock;
import java.time.Instant;
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
 */
@Aggregate
public class MerchantFunds {

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
    /** Per chain, the last change of the payout address: its address from its effectiveAt on, its previous before. */
    private final Map<Chain, PayoutAddressChanged> payoutAddresses = new EnumMap<>(Chain.class);

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

    @CommandHandler
    void handle(MakeCreditFinal command) {
        TokenAmount net = unfinalCredits.get(command.settlementId().value());
        if (net == null) {
            return; // final already, or never credited (a zero net)
        }
        apply(new FundsCreditFinal(fundsId, merchantId, mode, command.settlementId(), net,
                                   balance(net.asset()).makeFinal(net), command.at()));
    }

    @CommandHandler
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
    PayoutAddressChanged handle(ChangePayoutAddress command, Clock clock) {
        requireOwner(command.fundsId(), command.merchantId(), command.mode());
        Instant now = clock.instant();
        PayoutAddressChanged current = payoutAddresses.get(command.chain());
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
    PayoutReserved handle(ReservePayout command, Clock clock) {
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
        String destination = addressAt(payoutAddresses.get(command.chain()), now);
        if (destination == null) {
            throw DomainException.ruleViolation("no payout address on " + command.chain().code()
                                                + ": set one with PUT /api/v1/payout-addresses/"
                                                + command.chain().code());
        }
        FundsBalance after = balance(command.amount().asset()).reserve(command.amount());
        PayoutReserved reserved = new PayoutReserved(command.fundsId(), command.merchantId(), command.mode(),
                                                     command.payoutId(), command.chain(), destination,
                                                     command.amount(), after, now);
        apply(reserved);
        return reserved;
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
        payoutAddresses.put(event.chain(), event);
    }

    @EventSourcingHandler
    void on(PayoutReserved event) {
        opened(event.fundsId(), event.merchantId(), event.mode());
        payouts.put(event.payoutId().value(), event);
        openReservations.put(event.payoutId().value(), event.amount());
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

    FundsBalance balanceOf(Asset asset) {
        return balance(Objects.requireNonNull(asset));
    }
}
