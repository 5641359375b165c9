package dev.tally.kernel.payment;

import dev.tally.kernel.chain.TransferObserved;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.PaymentId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.TokenAmount;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A payment's rules as two pure functions: {@link #decide} (the milestone events an observation leads to) and
 * {@link #evolve}. Observations arrive at least once and in any order; only a crossed milestone (detected, in a
 * block, confirmed, final, failed, orphaned, reversed) is an event, so duplicates and stale reports change nothing.
 * Every move is checked against {@link PaymentStatus}'s transition table first. The {@code Payment} aggregate is a
 * thin shell; it matches a new transfer's address to its invoice (which needs the database) and passes the result.
 */
public final class PaymentLifecycle {

    private PaymentLifecycle() {
    }

    /** Which invoice a new transfer pays, as the deposit-address book found it. */
    public sealed interface AddressMatch permits Matched, Unmatched {
    }

    /** The invoice a transfer pays, and its mode: every event of the payment carries it. */
    public record Matched(InvoiceId invoiceId, MerchantId merchantId, int requiredConfirmations, Mode mode)
            implements AddressMatch {
        public Matched {
            mode = Mode.orLive(mode);
        }

        /** A live invoice's. */
        public Matched(InvoiceId invoiceId, MerchantId merchantId, int requiredConfirmations) {
            this(invoiceId, merchantId, requiredConfirmations, Mode.LIVE);
        }
    }

    public record Unmatched(String reason) implements AddressMatch {
    }

    /** What the payment knows; null before its first event. */
    public record State(PaymentId paymentId, PaymentStatus status, InvoiceId invoiceId, MerchantId merchantId,
                        Mode mode, TokenAmount amount, int requiredConfirmations, int detection, String blockHash,
                        Instant detectedAt) {
        private State with(PaymentStatus next, String hash) {
            return new State(paymentId, next, invoiceId, merchantId, mode, amount, requiredConfirmations, detection,
                             hash, detectedAt);
        }
    }

    /**
     * What a payment is waiting for from the chain: its status and the block it counts in. The command side answers
     * a confirmation report with it, so that the next reports that cannot change the payment need not be sent.
     */
    public record Progress(PaymentStatus status, String blockHash) {
        /** The progress of {@code state}; null for a payment not seen yet. */
        public static Progress of(State state) {
            return state == null ? null : new Progress(state.status(), state.blockHash());
        }

        /**
         * Whether a report of confirmations of the payment's own block, its finality aside, can never change it
         * again: it is confirmed in that block (only its finality is news) or final. The same block can hold the
         * payment again after a reorganisation only through its detection, so a holder of this progress forgets it
         * on any other observation of the payment.
         */
        public boolean countedIn(String hash) {
            return (status == PaymentStatus.CONFIRMED || status == PaymentStatus.FINALIZED)
                   && blockHash != null && blockHash.equals(hash);
        }
    }

    /**
     * Whether {@code report} cannot change a payment last answered with {@code known} (null: not known): it is
     * counted in the report's block, and only the finality of that block, while not yet final, would be news.
     */
    public static boolean cannotChange(Progress known, RecordConfirmations report) {
        return known != null && known.countedIn(report.blockHash()) && !mayChange(known, report);
    }

    /** Whether {@code report} can change a payment at {@code progress}: {@link #decide}'s rule for confirmations. */
    private static boolean mayChange(Progress progress, RecordConfirmations report) {
        boolean sameBlock = Objects.equals(progress.blockHash(), report.blockHash());
        return switch (progress.status()) {
            case DETECTED -> report.blockHash() != null;
            case CONFIRMING -> sameBlock;
            case CONFIRMED -> sameBlock && report.finalized();
            default -> false;
        };
    }

    /** The state after {@code event}; events it does not know leave it as it is. */
    public static State evolve(State state, Object event) {
        if (event instanceof PaymentDetected e) {
            return new State(e.paymentId(), PaymentStatus.DETECTED, e.invoiceId(), e.merchantId(), e.mode(),
                             e.amount(), e.requiredConfirmations(), e.detection(), null, e.detectedAt());
        }
        if (event instanceof UnmatchedTransferRecorded e) {
            return new State(e.paymentId(), PaymentStatus.UNMATCHED, null, null, null, e.amount(), 0, 0, null,
                             e.observedAt());
        }
        Objects.requireNonNull(state, "a payment event before the payment's detection");
        if (event instanceof PaymentIncludedInBlock e) {
            return state.with(PaymentStatus.CONFIRMING, e.blockHash());
        }
        if (event instanceof PaymentConfirmed) {
            return state.with(PaymentStatus.CONFIRMED, state.blockHash());
        }
        if (event instanceof PaymentFinalized) {
            return state.with(PaymentStatus.FINALIZED, state.blockHash());
        }
        if (event instanceof PaymentReversed) {
            return state.with(PaymentStatus.REVERSED, null);
        }
        if (event instanceof PaymentFailed) {
            return state.with(PaymentStatus.FAILED, state.blockHash());
        }
        if (event instanceof PaymentOrphaned) {
            return state.with(PaymentStatus.ORPHANED, null);
        }
        return state;
    }

    /**
     * The events {@code command} leads to, in order (none for a report of what is already known).
     *
     * @param match where a transfer never seen before goes; only read for a {@link RecordTransfer} of a new payment
     */
    public static List<Object> decide(State state, Object command, AddressMatch match) {
        Decision d = new Decision(state);
        if (command instanceof RecordTransfer c) {
            d.transfer(c, match);
        } else if (command instanceof RecordConfirmations c) {
            d.confirmations(c);
        } else if (command instanceof RecordTransferFailed c) {
            if (state != null && state.status().canTransitionTo(PaymentStatus.FAILED)) {
                d.apply(new PaymentFailed(state.paymentId(), state.invoiceId(), state.merchantId(), state.amount(),
                                          c.reason(), c.observedAt(), state.mode()));
            }
        } else if (command instanceof RecordTransferOrphaned c) {
            d.orphaned(c);
        } else if (command instanceof EscalateStuckPayment c) {
            if (state != null && !state.status().isTerminal()) {
                d.apply(new PaymentStuck(state.paymentId(), state.invoiceId(), state.merchantId(), state.status(),
                                         state.detectedAt(), c.at(), state.mode()));
            }
        } else {
            throw new IllegalArgumentException("not a payment command: " + command);
        }
        return d.events;
    }

    private static final class Decision {
        private final List<Object> events = new ArrayList<>();
        private State state;

        Decision(State state) {
            this.state = state;
        }

        void apply(Object event) {
            events.add(event);
            state = evolve(state, event);
        }

        void transfer(RecordTransfer command, AddressMatch match) {
            TransferObserved seen = command.observation();
            if (!command.paymentId().equals(seen.paymentId())) {
                throw new IllegalArgumentException("payment id " + command.paymentId() + " does not match the "
                                                   + "transfer " + seen.paymentId());
            }
            if (state == null) {
                Objects.requireNonNull(match, "a new transfer needs its address matched");
                if (match instanceof Unmatched unmatched) {
                    apply(new UnmatchedTransferRecorded(seen.paymentId(), seen.chain(), seen.txHash(),
                            seen.logIndex(), seen.tokenContract(), seen.from(), seen.to(), seen.amount(),
                            unmatched.reason(), seen.observedAt()));
                    return;
                }
                Matched matched = (Matched) match;
                detect(seen, matched.invoiceId(), matched.merchantId(), matched.mode(),
                       matched.requiredConfirmations(), 1);
            } else if (state.status() == PaymentStatus.ORPHANED || state.status() == PaymentStatus.REVERSED) {
                detect(seen, state.invoiceId(), state.merchantId(), state.mode(), state.requiredConfirmations(),
                       state.detection() + 1);
            } else if (state.status() == PaymentStatus.DETECTED && seen.blockHash() != null) {
                includeInBlock(seen.blockNumber(), seen.blockHash(), 1, seen.observedAt());
            }
            // Anything else is a report of what is already known.
        }

        void confirmations(RecordConfirmations command) {
            if (state == null) {
                return;
            }
            if (state.status() == PaymentStatus.DETECTED && command.blockHash() != null) {
                includeInBlock(null, command.blockHash(), command.confirmations(), command.observedAt());
            } else if (state.status() == PaymentStatus.CONFIRMING
                       && Objects.equals(state.blockHash(), command.blockHash())) {
                confirmIfDeepEnough(command.confirmations(), command.observedAt());
            }
            if (state.status() == PaymentStatus.CONFIRMED && command.finalized()
                && Objects.equals(state.blockHash(), command.blockHash())) {
                require(PaymentStatus.FINALIZED);
                apply(new PaymentFinalized(state.paymentId(), state.invoiceId(), state.merchantId(), state.amount(),
                                           state.blockHash(), command.observedAt(), state.mode()));
            }
            // Confirmations of another block (stale, after a reorg) or of a settled fate change nothing.
        }

        /**
         * The transfer's block left the canonical chain: before the threshold the payment is orphaned; after it,
         * and before the chain made the block final, it is reversed (the money it credited did not arrive). A
         * final block cannot be reorganised; a report saying so changes nothing.
         */
        void orphaned(RecordTransferOrphaned command) {
            if (state == null) {
                return;
            }
            boolean thisBlock = command.blockHash() == null || command.blockHash().equals(state.blockHash());
            if (state.status() == PaymentStatus.CONFIRMING && thisBlock) {
                apply(new PaymentOrphaned(state.paymentId(), state.invoiceId(), state.merchantId(), state.amount(),
                                          state.blockHash(), command.observedAt(), state.mode()));
            } else if (state.status() == PaymentStatus.CONFIRMED && thisBlock) {
                apply(new PaymentReversed(state.paymentId(), state.invoiceId(), state.merchantId(), state.amount(),
                                          state.blockHash(), command.observedAt(), state.mode()));
            }
        }

        private void detect(TransferObserved seen, InvoiceId invoice, MerchantId merchant, Mode mode,
                            int confirmationsRequired, int detectionNumber) {
            require(state == null ? null : PaymentStatus.DETECTED);
            apply(new PaymentDetected(seen.paymentId(), invoice, merchant, seen.chain(), seen.txHash(),
                                      seen.logIndex(), seen.from(), seen.to(), seen.amount(), confirmationsRequired,
                                      detectionNumber, seen.observedAt(), seen.blockTime(), mode));
            if (seen.blockHash() != null) {
                includeInBlock(seen.blockNumber(), seen.blockHash(), 1, seen.observedAt());
            }
        }

        private void includeInBlock(Long blockNumber, String hash, int confirmations, Instant at) {
            require(PaymentStatus.CONFIRMING);
            apply(new PaymentIncludedInBlock(state.paymentId(), state.invoiceId(), blockNumber, hash, confirmations,
                                             at));
            confirmIfDeepEnough(confirmations, at);
        }

        private void confirmIfDeepEnough(int confirmations, Instant at) {
            if (confirmations >= state.requiredConfirmations()) {
                require(PaymentStatus.CONFIRMED);
                apply(new PaymentConfirmed(state.paymentId(), state.invoiceId(), state.merchantId(), state.amount(),
                                           state.blockHash(), confirmations, at, state.mode()));
            }
        }

        private void require(PaymentStatus next) {
            if (next != null && state != null && !state.status().canTransitionTo(next)) {
                throw new IllegalStateException("payment " + state.paymentId() + " cannot move from "
                                                + state.status() + " to " + next);
            }
        }
    }
}
