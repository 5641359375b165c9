package dev.tally.signer;

import java.util.Optional;

import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.signing.TransferDraft;
import dev.tally.kernel.signing.TransferIntent;

/**
 * The one rule of what the signer signs, as a pure function: an attempt of a live refund or payout, or a sweep's
 * transaction, the event history has, in the status that is signed for (an approved refund at that attempt, a pending
 * payout, a requested sweep), on the chain asked for, whose amount keeps the merchant's signed transfers on that chain
 * within the day's cap (a sweep moves the platform's custody: no merchant's cap). Where it pays and how much is never
 * the caller's to say: the transaction is built from (EVM) or checked against (Tron) these facts. A replacement of an
 * attempt's EVM transaction stuck unmined ({@link #replacementRefusal}) is signed for the same attempt while it is
 * still on its way, with the replaced transaction's nonce and higher fees, and counts against no cap: only one of the
 * two can be mined.
 */
final class SigningPolicy {
    private SigningPolicy() {
    }

    /**
     * Why not to sign, or empty to sign.
     *
     * @param signedToday what the merchant's transfers signed on the chain today add up to
     * @param dailyCap    the most they may come to, null where there is no cap (a sweep)
     * @param evmChainId  the chain id the signer signs EVM transactions for (replay protection), unused for Tron
     */
    static Optional<String> refusal(TransferIntent intent, Chain chain, TransferDraft draft,
                                    Optional<IntentFacts> found, TokenAmount signedToday, TokenAmount dailyCap,
                                    long evmChainId) {
        Optional<String> refusal = facts(intent, chain, draft, found, evmChainId);
        if (refusal.isPresent()) {
            return refusal;
        }
        IntentFacts facts = found.orElseThrow();
        if (!facts.ready()) {
            return Optional.of("the " + what(intent) + " is " + facts.status() + ", not " + switch (intent.kind()) {
                case REFUND -> "approved";
                case PAYOUT -> "pending";
                case SWEEP, SWEEP_GAS, SWEEP_ENERGY -> "requested";
                case SWEEP_ENERGY_RETURN -> "confirmed or failed";
            });
        }
        refusal = attemptAndDestination(intent, facts);
        if (refusal.isPresent()) {
            return refusal;
        }
        TokenAmount after = signedToday.plus(facts.amount());
        if (dailyCap != null && after.isGreaterThan(dailyCap)) {
            return Optional.of("the merchant's transfers signed on " + chain.code() + " today would come to "
                               + after.toDecimalString() + ", above the daily cap of " + dailyCap.toDecimalString());
        }
        return Optional.empty();
    }

    /**
     * Why not to sign {@code draft} as the replacement of {@code previous}, the attempt's transaction signed last, or
     * empty to sign it: the attempt is still on its way (signed for, or broadcast), and the draft
     * {@link TransferDraft.Evm#replaces} the previous one.
     */
    static Optional<String> replacementRefusal(TransferIntent intent, Chain chain, TransferDraft.Evm draft,
                                               Optional<IntentFacts> found, TransferDraft.Evm previous,
                                               long evmChainId) {
        Optional<String> refusal = facts(intent, chain, draft, found, evmChainId);
        if (refusal.isPresent()) {
            return refusal;
        }
        IntentFacts facts = found.orElseThrow();
        if (!facts.ready() && !"broadcast".equals(facts.status())) {
            return Optional.of("the " + what(intent) + " is " + facts.status() + ": its transaction is no longer "
                               + "replaced");
        }
        refusal = attemptAndDestination(intent, facts);
        if (refusal.isPresent()) {
            return refusal;
        }
        if (!draft.replaces(previous)) {
            return Optional.of("a replacement keeps the nonce (" + previous.nonce() + "), chain and gas limit of the "
                               + "transaction it replaces and pays at least "
                               + TransferDraft.Evm.REPLACEMENT_BUMP_PERCENT + " % more in both fees");
        }
        return Optional.empty();
    }

    private static String what(TransferIntent intent) {
        return switch (intent.kind()) {
            case REFUND -> "refund";
            case PAYOUT -> "payout";
            case SWEEP, SWEEP_GAS, SWEEP_ENERGY, SWEEP_ENERGY_RETURN -> "sweep";
        };
    }

    /** What every signature needs: the intent in the history, live, on this chain, in a draft for that chain. */
    private static Optional<String> facts(TransferIntent intent, Chain chain, TransferDraft draft,
                                          Optional<IntentFacts> found, long evmChainId) {
        String what = what(intent);
        if (found.isEmpty()) {
            return Optional.of("no " + what + " " + intent.id() + " in the event history");
        }
        IntentFacts facts = found.get();
        if (!facts.mode().live()) {
            return Optional.of("the " + what + " is a test-mode one: it is paid on the sandbox chain, never signed for");
        }
        if (facts.chain() != chain) {
            return Optional.of("the " + what + " is paid on " + facts.chain().code() + ", not " + chain.code());
        }
        boolean draftFitsChain = switch (chain) {
            case ETHEREUM -> draft instanceof TransferDraft.Evm evm && evm.chainId() == evmChainId;
            case TRON -> draft instanceof TransferDraft.Tron;
        };
        if (!draftFitsChain) {
            return Optional.of(chain == Chain.ETHEREUM
                    ? "the draft is not an EVM transaction for chain id " + evmChainId
                    : "the draft is not a Tron transaction");
        }
        return Optional.empty();
    }

    private static Optional<String> attemptAndDestination(TransferIntent intent, IntentFacts facts) {
        String what = what(intent);
        if (facts.attempt() != intent.attempt()) {
            return Optional.of("the " + what + " is at attempt " + facts.attempt() + ", not " + intent.attempt());
        }
        if (facts.destination() == null || facts.destination().isBlank()) {
            return Optional.of("the " + what + " has no address to pay");
        }
        return Optional.empty();
    }
}
