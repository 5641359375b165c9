package dev.tally.kernel.invoice;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The invoice's rules as two pure functions: {@link #decide} (what a command leads to, as events, or a refusal) and
 * {@link #evolve} (the state after an event). The {@code Invoice} aggregate is a thin shell around them; the audit's
 * as-of state folds the same {@link #evolve}. Every status move is checked against {@link InvoiceStatus}'s table.
 *
 * <p>Every confirmed payment to the invoice's address ends in exactly one of two places: it counts towards the
 * invoice ({@link InvoicePaymentConfirmed}), or it is the merchant's unapplied funds ({@link InvoicePaymentUnapplied},
 * with the reason) — money after the invoice was paid or cancelled, money of an invoice that expired underpaid, a late
 * payment that does not cover the amount, a late payment the merchant did not accept within the monitoring window.
 * A reorg before finality can take a confirmed payment back ({@link InvoicePaymentReversed}). Lateness is judged by
 * the time of the payment's block.
 */
public final class InvoiceLifecycle {

    private InvoiceLifecycle() {
    }

    /** The deployment's settings the rules depend on. */
    public record Rules(int underpaymentToleranceBps) {
        public Rules {
            if (underpaymentToleranceBps < 0 || underpaymentToleranceBps > 10_000) {
                throw new IllegalArgumentException("underpaymentToleranceBps must be 0 to 10000");
            }
        }
    }

    /**
     * What the invoice knows, immutable. {@code pending}: detected payments not yet confirmed; {@code confirmed}: the
     * confirmed payments it counts ({@code confirmedTotal} their sum); {@code unapplied}: confirmed payments it does
     * not count; {@code latePayments}: those whose block came after expiry; {@code paidAnnounced}: InvoicePaid was
     * published for the current {@code settlementRound}; {@code finalPayments}: payments (counted or unapplied) the
     * chain made final;
     * {@code settlementFinal}: the settlement of the round is final (settled, and all it counts final).
     */
    public record State(InvoiceId invoiceId, MerchantId merchantId, Mode mode, InvoiceStatus status,
                        Instant expiresAt,
                        TokenAmount amount, int feeBasisPoints, Map<PaymentId, TokenAmount> pending,
                        Map<PaymentId, TokenAmount> confirmed, Map<PaymentId, TokenAmount> unapplied,
                        TokenAmount confirmedTotal, Set<PaymentId> latePayments, boolean lateMoneyConfirmed,
                        boolean paidAnnounced, int settlementRound, Set<PaymentId> finalPayments,
                        boolean settlementFinal) {
        public State {
            pending = Collections.unmodifiableMap(new LinkedHashMap<>(pending));
            confirmed = Collections.unmodifiableMap(new LinkedHashMap<>(confirmed));
            unapplied = Collections.unmodifiableMap(new LinkedHashMap<>(unapplied));
            latePayments = Collections.unmodifiableSet(new LinkedHashSet<>(latePayments));
            finalPayments = Collections.unmodifiableSet(new LinkedHashSet<>(finalPayments));
        }

        static State created(InvoiceCreated event) {
            return new State(event.invoiceId(), event.merchantId(), event.mode(), InvoiceStatus.PENDING,
                             event.expiresAt(),
                             event.amount(), event.feeBasisPoints(), Map.of(), Map.of(), Map.of(),
                             TokenAmount.zero(event.amount().asset()), Set.of(), false, false, 1, Set.of(), false);
        }

        /** The settlement of the current round. */
        public SettlementId settlement() {
            return SettlementId.forInvoice(invoiceId, settlementRound);
        }

        /** Settled, and every payment it counts final: the settlement can no longer be reversed. */
        boolean settledMoneyFinal() {
            return status == InvoiceStatus.SETTLED && !confirmed.isEmpty()
                   && finalPayments.containsAll(confirmed.keySet());
        }

        /** Whether the payment is known to the invoice in any way (pending, counted or unapplied). */
        public boolean knows(PaymentId payment) {
            return pending.containsKey(payment) || confirmed.containsKey(payment) || unapplied.containsKey(payment);
        }

        private Builder change() {
            return new Builder(this);
        }
    }

    // ----------------------------------------------------------------------------------------------------- evolve

    /** The state after {@code event}; {@code state} is null before the invoice's creation. Events it does not know
     * leave the state as it is. */
    public static State evolve(State state, Object event) {
        if (event instanceof InvoiceCreated e) {
            return State.created(e);
        }
        Objects.requireNonNull(state, "an invoice event before the invoice's creation");
        Builder b = state.change();
        if (event instanceof InvoicePaymentDetected e) {
            b.pending.put(e.paymentId(), e.amount());
            if (e.late()) {
                b.latePayments.add(e.paymentId());
            }
            b.status = e.statusAfter(state.status());
        } else if (event instanceof InvoicePaymentConfirmed e) {
            if (state.latePayments().contains(e.paymentId())) {
                b.lateMoneyConfirmed = true;
            }
            b.pending.remove(e.paymentId());
            b.confirmed.put(e.paymentId(), e.amount());
            b.confirmedTotal = e.confirmedTotal();
            b.status = e.statusAfter();
        } else if (event instanceof InvoicePaymentUnapplied e) {
            b.pending.remove(e.paymentId());
            b.confirmed.remove(e.paymentId());
            b.unapplied.put(e.paymentId(), e.amount());
            b.confirmedTotal = e.confirmedTotal();
            b.status = e.statusAfter();
            b.lateMoneyConfirmed = b.countsLateMoney();
        } else if (event instanceof InvoicePaymentReversed e) {
            b.confirmed.remove(e.paymentId());
            b.unapplied.remove(e.paymentId());
            b.latePayments.remove(e.paymentId());
            b.confirmedTotal = e.confirmedTotal();
            b.status = e.statusAfter();
            b.lateMoneyConfirmed = b.countsLateMoney();
            if (e.settlementReversed() != null) {
                b.paidAnnounced = false;
                b.settlementRound++;
                b.settlementFinal = false;
            }
        } else if (event instanceof InvoicePaymentFinal e) {
            b.finalPayments.add(e.paymentId());
        } else if (event instanceof InvoiceSettlementFinal) {
            b.settlementFinal = true;
        } else if (event instanceof InvoicePaymentWithdrawn e) {
            b.pending.remove(e.paymentId());
            b.status = e.statusAfter();
        } else if (event instanceof InvoicePaid) {
            b.paidAnnounced = true;
        } else if (event instanceof InvoiceSettled) {
            b.status = InvoiceStatus.SETTLED;
        } else if (event instanceof InvoiceCancelled) {
            b.status = InvoiceStatus.CANCELLED;
        } else if (event instanceof InvoiceExpired) {
            b.status = InvoiceStatus.EXPIRED;
            b.lateMoneyConfirmed = false;
        } else {
            return state;
        }
        return b.build();
    }

    // ----------------------------------------------------------------------------------------------------- decide

    /**
     * What {@code command} leads to: the events to apply, in order (none when it changes nothing: a redelivery), or a
     * {@link DomainException} refusing it. {@code now} stamps what the command itself does not (a cancel, an
     * acceptance).
     */
    public static List<Object> decide(State state, Object command, Rules rules, Instant now) {
        Decision d = new Decision(state, rules);
        if (command instanceof CancelInvoice c) {
            d.cancel(c, now);
        } else if (command instanceof RegisterInvoicePayment c) {
            d.register(c);
        } else if (command instanceof ApplyConfirmedPayment c) {
            d.applyConfirmed(c);
        } else if (command instanceof WithdrawInvoicePayment c) {
            d.withdraw(c);
        } else if (command instanceof ReverseInvoicePayment c) {
            d.reverse(c);
        } else if (command instanceof AcceptLatePayment c) {
            d.acceptLate(c, now);
        } else if (command instanceof MarkInvoiceSettled c) {
            d.markSettled(c);
        } else if (command instanceof RecordPaymentFinal c) {
            d.paymentFinal(c);
        } else {
            throw new IllegalArgumentException("not an invoice command: " + command);
        }
        return d.events;
    }

    /** The expiry deadline ran (at {@code expiresAt}). It weighs no amount: no rules needed. */
    public static List<Object> decideExpiry(State state) {
        Decision d = new Decision(state, null);
        // A payment still confirming at expiry decides the outcome when it resolves (paid, or expired).
        if (state.status() == InvoiceStatus.PENDING || state.status() == InvoiceStatus.UNDERPAID) {
            d.expire(state.expiresAt());
        }
        return d.events;
    }

    /** The monitoring window ended: a late payment the merchant has not accepted becomes unapplied funds. */
    public static List<Object> decideLateDecisionDue(State state) {
        Decision d = new Decision(state, null);
        if (state.status() == InvoiceStatus.PAID_LATE && !state.paidAnnounced()) {
            d.transitionTo(InvoiceStatus.EXPIRED, "a late payment cannot lapse now");
            d.apply(new InvoiceExpired(state.invoiceId(), state.merchantId(), state.expiresAt()));
            d.unapplyAll(UnappliedReason.LATE_PAYMENT_NOT_ACCEPTED, state.expiresAt());
        }
        return d.events;
    }

    /** Whether the events lead to PAID_LATE (for which the aggregate arms the late-decision deadline). */
    public static boolean becomesPaidLate(State before, List<Object> events) {
        State after = before;
        for (Object event : events) {
            after = evolve(after, event);
        }
        return after.status() == InvoiceStatus.PAID_LATE && before.status() != InvoiceStatus.PAID_LATE;
    }

    /** A decision under way: the events so far and the state they lead to. */
    private static final class Decision {
        private final Rules rules;
        private final List<Object> events = new ArrayList<>();
        private State state;

        Decision(State state, Rules rules) {
            this.state = state;
            this.rules = rules;
        }

        void apply(Object event) {
            events.add(event);
            state = evolve(state, event);
        }

        void cancel(CancelInvoice command, Instant now) {
            requireOwnedBy(command.merchantId(), command.mode());
            if (state.status() == InvoiceStatus.CANCELLED) {
                return; // cancelling twice changes nothing
            }
            transitionTo(InvoiceStatus.CANCELLED, "only a PENDING invoice without payments can be cancelled");
            if (!state.pending().isEmpty()) {
                throw cancelRefusedForPayment(state);
            }
            apply(new InvoiceCancelled(state.invoiceId(), state.merchantId(), now));
        }

        void register(RegisterInvoicePayment command) {
            PaymentId payment = command.paymentId();
            if (state.knows(payment)) {
                return; // redelivered
            }
            boolean late = command.paidAt().isAfter(state.expiresAt());
            // A payment in time moves an open invoice to CONFIRMING, also one whose expiry ran before the watcher
            // saw the payment's block; anything else leaves the status as it is.
            InvoiceStatus next = !late && !state.paidAnnounced() && opensOnDetection(state.status())
                                 ? InvoiceStatus.CONFIRMING : state.status();
            if (next != state.status()) {
                transitionTo(next, "a payment cannot be registered now");
            }
            apply(new InvoicePaymentDetected(state.invoiceId(), state.merchantId(), payment, command.amount(), late,
                                             command.paidAt(), next));
        }

        void applyConfirmed(ApplyConfirmedPayment command) {
            PaymentId payment = command.paymentId();
            if (state.confirmed().containsKey(payment) || state.unapplied().containsKey(payment)) {
                return; // redelivered
            }
            Instant at = command.confirmedAt();
            UnappliedReason refused = cannotTakeMoney();
            if (refused != null) {
                unapply(payment, command.amount(), refused, at);
                return;
            }
            boolean thisLate = state.latePayments().contains(payment) || state.status() == InvoiceStatus.EXPIRED;
            if (thisLate && (state.status() == InvoiceStatus.PENDING || state.status() == InvoiceStatus.UNDERPAID)) {
                // A late payment confirmed before the expiry deadline ran: the invoice expired first, at expiresAt.
                expire(state.expiresAt());
            }
            TokenAmount total = state.confirmedTotal().plus(command.amount());
            boolean othersPending = state.pending().keySet().stream().anyMatch(p -> !p.equals(payment));
            InvoiceStatus next = nextStatusWithConfirmed(total, othersPending, at.isAfter(state.expiresAt()),
                                                         thisLate);
            if (next == InvoiceStatus.EXPIRED) {
                // Not enough, and nothing else coming in time: neither this payment nor what came before pays it.
                if (state.status() != InvoiceStatus.EXPIRED) {
                    expire(state.expiresAt());
                }
                unapply(payment, command.amount(), thisLate ? UnappliedReason.LATE_PAYMENT_SHORT
                                                            : UnappliedReason.INVOICE_EXPIRED_UNDERPAID, at);
                return;
            }
            if (next != state.status()) {
                transitionTo(next, "a confirmed payment cannot be applied now");
            }
            apply(new InvoicePaymentConfirmed(state.invoiceId(), state.merchantId(), payment, command.amount(), total,
                                              next, at));
            if (!state.paidAnnounced() && (next == InvoiceStatus.PAID || next == InvoiceStatus.OVERPAID)) {
                paid(total, false, at);
            }
        }

        void withdraw(WithdrawInvoicePayment command) {
            TokenAmount withdrawn = state.pending().get(command.paymentId());
            if (withdrawn == null) {
                return; // never registered, already withdrawn, or already confirmed
            }
            boolean othersPending = state.pending().size() > 1;
            InvoiceStatus next = state.status();
            if (state.status() == InvoiceStatus.CONFIRMING && !othersPending) {
                boolean afterExpiry = command.at().isAfter(state.expiresAt());
                next = covers(state.confirmedTotal()) ? paidOutcome(state.confirmedTotal())
                       : afterExpiry ? expiredOutcome()
                       : state.confirmedTotal().isZero() ? InvoiceStatus.PENDING : InvoiceStatus.UNDERPAID;
                transitionTo(next, "the payment cannot be withdrawn now");
            }
            apply(new InvoicePaymentWithdrawn(state.invoiceId(), state.merchantId(), command.paymentId(), withdrawn,
                                              command.reason(), next, command.at()));
            if (next == InvoiceStatus.EXPIRED) {
                unapplyAll(UnappliedReason.INVOICE_EXPIRED_UNDERPAID, command.at());
            } else if (!state.paidAnnounced() && (next == InvoiceStatus.PAID || next == InvoiceStatus.OVERPAID)) {
                // What it counts covers it once nothing else is pending (after a reversal of an extra payment).
                paid(state.confirmedTotal(), false, command.at());
            }
        }

        /**
         * Money held as unapplied funds simply leaves them. Money the invoice counted leaves its total, and the
         * invoice returns to what its remaining payments justify (as if they alone had been confirmed): PAID or
         * OVERPAID again only if they cover the amount, else CONFIRMING (others pending), UNDERPAID or PENDING
         * before expiry, EXPIRED (their money unapplied) after it. A paid invoice's settlement is reversed with it,
         * and the next payment settles in a new round.
         */
        void reverse(ReverseInvoicePayment command) {
            PaymentId payment = command.paymentId();
            Instant at = command.at();
            TokenAmount held = state.unapplied().get(payment);
            if (held != null) {
                apply(new InvoicePaymentReversed(state.invoiceId(), state.merchantId(), payment, held, true, null,
                                                 state.confirmedTotal(), state.status(), at, state.mode()));
                return;
            }
            TokenAmount reversed = state.confirmed().get(payment);
            if (reversed == null) {
                return; // not counted (never applied, or reversed already)
            }
            TokenAmount total = state.confirmedTotal().minus(reversed);
            boolean othersPending = !state.pending().isEmpty();
            boolean wasPaid = state.paidAnnounced();
            InvoiceStatus next;
            boolean lateMoneyRemains = state.confirmed().keySet().stream()
                    .anyMatch(p -> !p.equals(payment) && state.latePayments().contains(p));
            if (covers(total) && !othersPending) {
                next = state.status() == InvoiceStatus.PAID_LATE || lateMoneyRemains ? InvoiceStatus.PAID_LATE
                       : total.isGreaterThan(state.amount()) ? InvoiceStatus.OVERPAID : InvoiceStatus.PAID;
            } else if (othersPending) {
                next = InvoiceStatus.CONFIRMING;
            } else if (at.isAfter(state.expiresAt())) {
                next = InvoiceStatus.EXPIRED;
            } else {
                next = total.isZero() ? InvoiceStatus.PENDING : InvoiceStatus.UNDERPAID;
            }
            if (next != state.status()) {
                transitionTo(next, "a reversed payment cannot be taken back now");
            }
            SettlementId settlement = wasPaid ? state.settlement() : null;
            apply(new InvoicePaymentReversed(state.invoiceId(), state.merchantId(), payment, reversed, false,
                                             settlement, total, next, at, state.mode()));
            if (next == InvoiceStatus.EXPIRED) {
                unapplyAll(UnappliedReason.INVOICE_EXPIRED_UNDERPAID, at);
            } else if (wasPaid && (next == InvoiceStatus.PAID || next == InvoiceStatus.OVERPAID)) {
                // What remains still pays it: settled again, in the next round.
                paid(total, false, at);
            }
        }

        void acceptLate(AcceptLatePayment command, Instant now) {
            requireOwnedBy(command.merchantId(), command.mode());
            if (state.status() != InvoiceStatus.PAID_LATE) {
                throw DomainException.invalidState("invoice " + state.invoiceId() + " is " + state.status()
                                                   + ": only a PAID_LATE invoice can be accepted");
            }
            if (state.paidAnnounced()) {
                return; // accepted already
            }
            paid(state.confirmedTotal(), true, now);
        }

        void markSettled(MarkInvoiceSettled command) {
            if (state.status() == InvoiceStatus.SETTLED) {
                return;
            }
            if (!command.settlementId().equals(state.settlement())) {
                // A settlement of a round a reorg reversed: it no longer settles this invoice.
                throw DomainException.invalidState("settlement " + command.settlementId() + " of invoice "
                                                   + state.invoiceId() + " was reversed");
            }
            if (!state.paidAnnounced()) {
                // Not paid yet, or paid late and not accepted by the merchant: nothing may be settled.
                throw DomainException.invalidState("invoice " + state.invoiceId() + " is " + state.status()
                                                   + " and not ready to settle");
            }
            transitionTo(InvoiceStatus.SETTLED, "only a paid invoice can be settled");
            apply(new InvoiceSettled(state.invoiceId(), state.merchantId(), command.settlementId(),
                                     command.settledAt(), command.gross(), command.fee()));
            settlementFinalIfSo(command.settledAt());
        }

        /**
         * The chain made a payment's block final. Recorded for a payment the invoice counts (its settled money can
         * become final) and for one it holds as unapplied funds (they can be refunded).
         */
        void paymentFinal(RecordPaymentFinal command) {
            boolean known = state.confirmed().containsKey(command.paymentId())
                            || state.unapplied().containsKey(command.paymentId());
            if (!known || state.finalPayments().contains(command.paymentId())) {
                return; // not confirmed, or final already
            }
            apply(new InvoicePaymentFinal(state.invoiceId(), state.merchantId(), command.paymentId(), command.at()));
            settlementFinalIfSo(command.at());
        }

        private void settlementFinalIfSo(Instant at) {
            if (!state.settlementFinal() && state.settledMoneyFinal()) {
                apply(new InvoiceSettlementFinal(state.invoiceId(), state.merchantId(), state.settlement(), at,
                                                 state.mode()));
            }
        }

        private void paid(TokenAmount gross, boolean lateAccepted, Instant at) {
            TokenAmount overpaid = gross.isGreaterThan(state.amount()) ? gross.minus(state.amount())
                                                                       : TokenAmount.zero(state.amount().asset());
            apply(new InvoicePaid(state.invoiceId(), state.merchantId(), state.amount(), gross, overpaid,
                                  state.feeBasisPoints(), lateAccepted, at, state.settlement(), state.mode()));
        }

        /** Why the invoice cannot take more money at all, or null when it can. */
        private UnappliedReason cannotTakeMoney() {
            if (state.status() == InvoiceStatus.CANCELLED) {
                return UnappliedReason.INVOICE_CANCELLED;
            }
            if (state.paidAnnounced()) {
                return UnappliedReason.INVOICE_ALREADY_PAID; // PAID, OVERPAID, an accepted PAID_LATE, SETTLED
            }
            return null;
        }

        /** Where the invoice goes with a new confirmed total; EXPIRED means the money cannot be applied. */
        private InvoiceStatus nextStatusWithConfirmed(TokenAmount total, boolean othersPending, boolean afterExpiry,
                                                      boolean thisLate) {
            if (state.status() == InvoiceStatus.PAID_LATE) {
                return InvoiceStatus.PAID_LATE; // more late money, for the merchant to accept with the rest
            }
            if (state.status() == InvoiceStatus.EXPIRED) {
                return covers(total) ? InvoiceStatus.PAID_LATE : InvoiceStatus.EXPIRED;
            }
            if (thisLate) {
                // Still CONFIRMING: a payment made in time is pending, and its fate decides the outcome.
                if (othersPending) {
                    return InvoiceStatus.CONFIRMING;
                }
                return covers(total) ? InvoiceStatus.PAID_LATE : InvoiceStatus.EXPIRED;
            }
            if (covers(total)) {
                return paidOutcome(total);
            }
            if (othersPending) {
                return InvoiceStatus.CONFIRMING;
            }
            return afterExpiry ? expiredOutcome() : InvoiceStatus.UNDERPAID;
        }

        /**
         * Covered: PAID or OVERPAID, or PAID_LATE where late money is part of what covers it (the merchant decides,
         * whichever payment confirmed first).
         */
        private InvoiceStatus paidOutcome(TokenAmount total) {
            if (state.lateMoneyConfirmed()) {
                return InvoiceStatus.PAID_LATE;
            }
            return total.isGreaterThan(state.amount()) ? InvoiceStatus.OVERPAID : InvoiceStatus.PAID;
        }

        /** Past expiry with nothing pending: PAID_LATE where confirmed late money covers the amount, else EXPIRED. */
        private InvoiceStatus expiredOutcome() {
            return state.lateMoneyConfirmed() && covers(state.confirmedTotal()) ? InvoiceStatus.PAID_LATE
                                                                                : InvoiceStatus.EXPIRED;
        }

        private boolean covers(TokenAmount total) {
            Objects.requireNonNull(rules, "a decision that weighs amounts needs the rules");
            // amount × (1 − tolerance), rounded up to the base unit: the least that still counts as paid.
            long amount = state.amount().baseUnits();
            long shortfallAllowed = Math.multiplyExact(amount, (long) rules.underpaymentToleranceBps()) / 10_000;
            return total.baseUnits() >= amount - shortfallAllowed;
        }

        /** Expires the invoice; what it had counted (an underpayment) becomes the merchant's unapplied funds. */
        void expire(Instant at) {
            transitionTo(InvoiceStatus.EXPIRED, "the invoice cannot expire now");
            apply(new InvoiceExpired(state.invoiceId(), state.merchantId(), state.expiresAt()));
            unapplyAll(UnappliedReason.INVOICE_EXPIRED_UNDERPAID, at);
        }

        void unapplyAll(UnappliedReason reason, Instant at) {
            for (Map.Entry<PaymentId, TokenAmount> payment : List.copyOf(state.confirmed().entrySet())) {
                boolean lateAndShort = reason == UnappliedReason.INVOICE_EXPIRED_UNDERPAID
                                       && state.latePayments().contains(payment.getKey());
                unapply(payment.getKey(), payment.getValue(),
                        lateAndShort ? UnappliedReason.LATE_PAYMENT_SHORT : reason, at);
            }
        }

        private void unapply(PaymentId payment, TokenAmount money, UnappliedReason reason, Instant at) {
            TokenAmount after = state.confirmed().containsKey(payment) ? state.confirmedTotal().minus(money)
                                                                       : state.confirmedTotal();
            apply(new InvoicePaymentUnapplied(state.invoiceId(), state.merchantId(), payment, money, reason, after,
                                              state.status(), at, state.mode()));
        }

        private void requireOwnedBy(MerchantId caller, Mode mode) {
            if (!state.merchantId().equals(caller) || state.mode() != mode) {
                // Another merchant's invoice, or one of the other mode, is indistinguishable from an unknown one.
                throw DomainException.notFound("invoice " + state.invoiceId());
            }
        }

        void transitionTo(InvoiceStatus next, String refusal) {
            if (!state.status().canTransitionTo(next)) {
                throw DomainException.invalidState("invoice " + state.invoiceId() + " is " + state.status() + ": "
                                                   + refusal);
            }
        }
    }

    /** Refused: a payment to the invoice's address was matched before the cancel (see the deposit-address book). */
    public static DomainException cancelRefusedForPayment(State state) {
        return DomainException.invalidState("invoice " + state.invoiceId() + " has a payment to its deposit address "
                                            + "and cannot be cancelled");
    }

    private static boolean opensOnDetection(InvoiceStatus status) {
        return status == InvoiceStatus.PENDING || status == InvoiceStatus.UNDERPAID || status == InvoiceStatus.EXPIRED;
    }

    /** A mutable copy of a state, for {@link #evolve}. */
    private static final class Builder {
        private final State from;
        InvoiceStatus status;
        final Map<PaymentId, TokenAmount> pending;
        final Map<PaymentId, TokenAmount> confirmed;
        final Map<PaymentId, TokenAmount> unapplied;
        TokenAmount confirmedTotal;
        final Set<PaymentId> latePayments;
        boolean lateMoneyConfirmed;
        boolean paidAnnounced;
        int settlementRound;
        final Set<PaymentId> finalPayments;
        boolean settlementFinal;

        Builder(State from) {
            this.from = from;
            status = from.status();
            pending = new LinkedHashMap<>(from.pending());
            confirmed = new LinkedHashMap<>(from.confirmed());
            unapplied = new LinkedHashMap<>(from.unapplied());
            confirmedTotal = from.confirmedTotal();
            latePayments = new LinkedHashSet<>(from.latePayments());
            lateMoneyConfirmed = from.lateMoneyConfirmed();
            paidAnnounced = from.paidAnnounced();
            settlementRound = from.settlementRound();
            finalPayments = new LinkedHashSet<>(from.finalPayments());
            settlementFinal = from.settlementFinal();
        }

        /** Whether a payment it counts came after expiry. */
        boolean countsLateMoney() {
            return confirmed.keySet().stream().anyMatch(latePayments::contains);
        }

        State build() {
            return new State(from.invoiceId(), from.merchantId(), from.mode(), status, from.expiresAt(), from.amount(),
                             from.feeBasisPoints(), pending, confirmed, unapplied, confirmedTotal, latePayments,
                             lateMoneyConfirmed, paidAnnounced, settlementRound, finalPayments, settlementFinal);
        }
    }
}
