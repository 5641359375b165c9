package dev.tally.kernel.payment;

import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PaymentLifecycle} against a chain that includes the transfer in a block, piles blocks on top (final at
 * {@link #FINAL_DEPTH}), reorganises it away before finality and includes it again elsewhere, while every
 * observation may be delivered twice. After every step: the payment counts (CONFIRMED or FINALIZED) only while its
 * transfer is in a canonical block at least as deep as the invoice requires; FINALIZED only when the chain made that
 * block final; every move is in the transition table.
 */
class PaymentLifecyclePropertiesTest {
    private static final String TX = "a".repeat(64);
    private static final PaymentId PAYMENT = PaymentId.of(Chain.TRON, TX, 0);
    private static final InvoiceId INVOICE = InvoiceId.of("inv_3kT9pQ2mLx7vRz8w");
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");
    private static final TokenAmount AMOUNT = TokenAmount.parse("5", Asset.USDT);
    private static final Instant T0 = Instant.parse("2026-03-14T09:00:00Z");
    private static final int FINAL_DEPTH = 4;

    @Provide
    Arbitrary<List<Integer>> histories() {
        return Arbitraries.integers().between(0, 4).list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<Integer> thresholds() {
        return Arbitraries.integers().between(1, 6);
    }

    @Property(tries = 800, seed = "20261204")
    void aPaymentCountsOnlyWhileItsTransferIsCanonicalAndDeepEnough(@ForAll("histories") List<Integer> history,
                                                                     @ForAll("thresholds") int required) {
        PaymentLifecycle.Matched match = new PaymentLifecycle.Matched(INVOICE, MERCHANT, required);
        PaymentLifecycle.State state = null;
        String block = null;      // the canonical block holding the transfer, or null
        int depth = 0;            // its confirmations
        int blocks = 0;           // to name new blocks
        Object last = null;       // the last observation, for a redelivery

        for (int step : history) {
            Object observation;
            Instant at = T0.plusSeconds(3L * blocks);
            if (step == 0 && block == null) {
                block = "block-" + blocks++;
                depth = 1;
                observation = new RecordTransfer(PAYMENT, new TransferObserved(Chain.TRON, TX, 0, "TR7Nhq", "TFrom",
                        "TTo", AMOUNT, (long) blocks, block, at, at));
            } else if (step == 1 && block != null) {
                depth++;
                observation = new RecordConfirmations(PAYMENT, block, depth, depth >= FINAL_DEPTH, at);
            } else if (step == 2 && block != null && depth < FINAL_DEPTH) {
                observation = new RecordTransferOrphaned(PAYMENT, block, at);
                block = null;
                depth = 0;
            } else if (step == 3 && last != null) {
                observation = last; // delivered again
            } else if (step == 4) {
                // Confirmations of a block that no longer holds the transfer (stale, after a reorg).
                observation = new RecordConfirmations(PAYMENT, "stale-" + blocks, 30, true, at);
            } else {
                continue;
            }
            if (observation instanceof RecordConfirmations report
                && PaymentLifecycle.cannotChange(PaymentLifecycle.Progress.of(state), report)) {
                assertThat(PaymentLifecycle.decide(state, report, match)).as("a report not sent changes nothing")
                                                                         .isEmpty();
            }
            for (Object event : PaymentLifecycle.decide(state, observation, match)) {
                PaymentLifecycle.State before = state;
                state = PaymentLifecycle.evolve(state, event);
                if (before != null && before.status() != state.status()) {
                    assertThat(before.status().canTransitionTo(state.status()))
                            .as("%s -> %s by %s", before.status(), state.status(), event).isTrue();
                }
            }
            last = observation;

            if (state != null && (state.status() == PaymentStatus.CONFIRMED
                                  || state.status() == PaymentStatus.FINALIZED)) {
                assertThat(state.blockHash()).as("counted in the canonical block").isEqualTo(block);
                assertThat(depth).as("deep enough").isGreaterThanOrEqualTo(required);
            }
            if (state != null && state.status() == PaymentStatus.FINALIZED) {
                assertThat(depth).as("final on chain").isGreaterThanOrEqualTo(FINAL_DEPTH);
            }
        }
    }
}
