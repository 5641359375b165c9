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
 * the caller's to say: the transaction is built from (EVM) or checked against (Tron) these facts.
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
        String what = switch (intent.kind()) {
            case REFUND -> "refund";
            case PAYOUT -> "payout";
            case SWEEP, SWEEP_GAS -> "sweep";
        };
        String signedIn = switch (intent.kind()) {
            case REFUND -> "approved";
            case PAYOUT -> "pending";
            case SWEEP, SWEEP_GAS -> "requested";
        };
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
        if (!facts.ready()) {
            return Optional.of("the " + what + " is " + facts.status() + ", not " + signedIn);
        }
        if (facts.attempt() != intent.attempt()) {
            return Optional.of("the " + what + " is at attempt " + facts.attempt() + ", not " + intent.attempt());
        }
        if (facts.destination() == null || facts.destination().isBlank()) {
            return Optional.of("the " + what + " has no address to pay");
        }
        TokenAmount after = signedToday.plus(facts.amount());
        if (dailyCap != null && after.isGreaterThan(dailyCap)) {
            return Optional.of("the merchant's transfers signed on " + chain.code() + " today would come to "
                               + after.toDecimalString() + ", above the daily cap of " + dailyCap.toDecimalString());
        }
        return Optional.empty();
    }
}
