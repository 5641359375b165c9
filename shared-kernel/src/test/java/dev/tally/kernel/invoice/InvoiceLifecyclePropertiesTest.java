package dev.tally.kernel.invoice;

import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link InvoiceLifecycle} over random sequences of what the chain and the merchant can do to an invoice — payments
 * detected in time or late, confirmed, failed, reorganised away after confirmation, seen again; expiry and the end of
 * the monitoring window; accepting, settling, cancelling — each step only as the chain could report it. After every
 * step: the money the invoice counts plus its unapplied funds is exactly the money of the payments confirmed on chain
 * and not reversed (never more, none lost); every event carries the status it leads to; every move is in the
 * transition table; a cancelled invoice stays cancelled.
 */
class InvoiceLifecyclePropertiesTest {
    private static final InvoiceId INVOICE = InvoiceId.of("inv_3kT9pQ2mLx7vRz8w");
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");
    private static final Instant CREATED_AT = Instant.parse("2026-03-14T09:00:00Z");
    private static final Instant EXPIRES_AT = CREATED_AT.plus(Duration.ofMinutes(15));
    private static final int PAYMENTS = 3;

    /** One thing that happens: to payment {@code payment} (0..2), with an amount in cents and a minute offset. */
    record Step(int kind, int payment, long cents, int minute) {
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Step> step = Combinators.combine(Arbitraries.integers().between(0, 10),
                                                   Arbitraries.integers().between(0, PAYMENTS - 1),
                                                   Arbitraries.longs().between(1, 1_500),
                                                   Arbitraries.integers().between(-14, 70))
                                          .as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(25);
    }

    @Property(tries = 600, seed = "20261204")
    void everyBaseUnitHasExactlyOneHomeAndEveryMoveIsAllowed(@ForAll("histories") List<Step> history,
                                                             @ForAll("amounts") long amountCents,
                                                             @ForAll("tolerances") int toleranceBps) {
        InvoiceLifecycle.Rules rules = new InvoiceLifecycle.Rules(toleranceBps);
        InvoiceCreated created = new InvoiceCreated(INVOICE, MERCHANT, "order-1", cents(amountCents), Chain.TRON,
                "TJRabPrwbZy45sbavfcjinPJC18kjpRTv8", 7L, 1, 100, null, Map.of(), CREATED_AT, EXPIRES_AT);
        InvoiceLifecycle.State state = InvoiceLifecycle.evolve(null, created);
        World chain = new World();

        for (Step step : history) {
            Object command = chain.next(step, state);
            if (command == null) {
                continue;
            }
            List<Object> events;
            try {
                events = command instanceof Deadline deadline
                        ? (deadline == Deadline.EXPIRY ? InvoiceLifecycle.decideExpiry(state)
                                                       : InvoiceLifecycle.decideLateDecisionDue(state))
                        : InvoiceLifecycle.decide(state, command, rules, at(step.minute()));
            } catch (DomainException refused) {
                // A merchant's request may be refused; a fact of the chain never is (it would be lost).
                assertThat(command).as("a chain fact refused: %s", refused.getMessage())
                                   .isInstanceOfAny(CancelInvoice.class, AcceptLatePayment.class,
                                                    MarkInvoiceSettled.class);
                continue; // a refusal changes nothing
            }
            for (Object event : events) {
                InvoiceLifecycle.State before = state;
                state = InvoiceLifecycle.evolve(state, event);
                assertMoveAllowed(before, state, event);
                assertCarriesItsStatus(before, state, event);
                if (event instanceof InvoicePaid paid) {
                    assertThat(paid.gross()).isEqualTo(state.confirmedTotal());
                }
            }
            chain.after(command, state);
            assertEveryBaseUnitHasOneHome(state, chain);
            if (state.settlementFinal()) {
                assertThat(chain.finalOnChain).as("final money rests on final payments only")
                                              .containsAll(state.confirmed().keySet());
            }
        }
    }

    @Provide
    Arbitrary<Long> amounts() {
        return Arbitraries.longs().between(100, 2_000);
    }

    @Provide
    Arbitrary<Integer> tolerances() {
        return Arbitraries.of(0, 0, 50, 100);
    }

    private static void assertMoveAllowed(InvoiceLifecycle.State before, InvoiceLifecycle.State after,
                                          Object event) {
        if (before.status() != after.status()) {
            assertThat(before.status().canTransitionTo(after.status()))
                    .as("%s -> %s by %s", before.status(), after.status(), event).isTrue();
        }
        if (before.status() == InvoiceStatus.CANCELLED) {
            assertThat(after.status()).isEqualTo(InvoiceStatus.CANCELLED);
        }
    }

    private static void assertCarriesItsStatus(InvoiceLifecycle.State before, InvoiceLifecycle.State after,
                                               Object event) {
        InvoiceStatus carried = null;
        if (event instanceof InvoicePaymentDetected e) {
            assertThat(e.statusAfter()).as("a new detection carries its status").isNotNull();
            carried = e.statusAfter();
        } else if (event instanceof InvoicePaymentConfirmed e) {
            carried = e.statusAfter();
        } else if (event instanceof InvoicePaymentUnapplied e) {
            carried = e.statusAfter();
        } else if (event instanceof InvoicePaymentReversed e) {
            carried = e.statusAfter();
        } else if (event instanceof InvoicePaymentWithdrawn e) {
            carried = e.statusAfter();
        }
        if (carried != null) {
            assertThat(after.status()).as("%s leads to the status it carries", event).isEqualTo(carried);
        }
    }

    private static void assertEveryBaseUnitHasOneHome(InvoiceLifecycle.State state, World chain) {
        long counted = state.confirmed().values().stream().mapToLong(TokenAmount::baseUnits).sum();
        assertThat(state.confirmedTotal().baseUnits()).isEqualTo(counted);
        for (PaymentId payment : chain.confirmedOnChain.keySet()) {
            assertThat(state.confirmed().containsKey(payment) ^ state.unapplied().containsKey(payment))
                    .as("confirmed payment %s is counted or unapplied, exactly one", payment).isTrue();
        }
        Set<PaymentId> homed = new HashSet<>(state.confirmed().keySet());
        homed.addAll(state.unapplied().keySet());
        assertThat(chain.confirmedOnChain.keySet()).containsAll(homed);
        long homedMoney = counted + state.unapplied().values().stream().mapToLong(TokenAmount::baseUnits).sum();
        assertThat(homedMoney).isEqualTo(chain.confirmedOnChain.values().stream().mapToLong(Long::longValue).sum());
    }

    private static TokenAmount cents(long cents) {
        return TokenAmount.ofBaseUnits(Asset.USDT, cents * 10_000);
    }

    private static Instant at(int minute) {
        return EXPIRES_AT.plus(Duration.ofMinutes(minute));
    }

    private enum Deadline { EXPIRY, LATE_DECISION }

    /** What the chain (and the merchant) can do next, consistently with what happened before. */
    private static final class World {
        final Map<PaymentId, Long> detected = new HashMap<>();
        final Map<PaymentId, Long> confirmedOnChain = new HashMap<>();
        final Map<PaymentId, Instant> paidAt = new HashMap<>();
        final Set<PaymentId> finalOnChain = new HashSet<>();

        Object next(Step step, InvoiceLifecycle.State state) {
            PaymentId payment = PaymentId.of(Chain.TRON,
                                             String.valueOf((char) ('a' + step.payment())).repeat(64), 0);
            Instant when = at(step.minute());
            return switch (step.kind()) {
                case 0, 1 -> detected.containsKey(payment) || confirmedOnChain.containsKey(payment) ? null
                        : new RegisterInvoicePayment(INVOICE, payment, cents(step.cents()), when);
                case 2, 3 -> detected.containsKey(payment)
                        ? new ApplyConfirmedPayment(INVOICE, payment, TokenAmount.ofBaseUnits(Asset.USDT,
                                detected.get(payment)), laterThan(payment, when)) : null;
                case 4 -> detected.containsKey(payment)
                        ? new WithdrawInvoicePayment(INVOICE, payment, "reverted", laterThan(payment, when)) : null;
                case 5 -> confirmedOnChain.containsKey(payment) && !finalOnChain.contains(payment) // final: no reorg
                        ? new ReverseInvoicePayment(INVOICE, payment, laterThan(payment, when)) : null;
                case 6 -> Deadline.EXPIRY;
                case 7 -> Deadline.LATE_DECISION;
                case 8 -> step.payment() == 0 ? new CancelInvoice(INVOICE, MERCHANT)
                        : new AcceptLatePayment(INVOICE, MERCHANT);
                case 10 -> confirmedOnChain.containsKey(payment)
                        ? new RecordPaymentFinal(INVOICE, payment, laterThan(payment, when)) : null;
                default -> new MarkInvoiceSettled(INVOICE, state.settlement(), when);
            };
        }

        /** A confirmation, failure or reversal comes after the payment's block. */
        private Instant laterThan(PaymentId payment, Instant when) {
            Instant paid = paidAt.get(payment);
            return paid != null && !when.isAfter(paid) ? paid.plusSeconds(30) : when;
        }

        void after(Object command, InvoiceLifecycle.State state) {
            if (command instanceof RegisterInvoicePayment c) {
                detected.put(c.paymentId(), c.amount().baseUnits());
                paidAt.put(c.paymentId(), c.paidAt());
            } else if (command instanceof ApplyConfirmedPayment c) {
                detected.remove(c.paymentId());
                confirmedOnChain.put(c.paymentId(), c.amount().baseUnits());
            } else if (command instanceof WithdrawInvoicePayment c) {
                detected.remove(c.paymentId());
            } else if (command instanceof ReverseInvoicePayment c) {
                confirmedOnChain.remove(c.paymentId());
                finalOnChain.remove(c.paymentId());
            } else if (command instanceof RecordPaymentFinal c) {
                finalOnChain.add(c.paymentId());
            }
        }
    }
}
