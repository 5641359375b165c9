package dev.tally.signer;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.signing.ReplaceTransfer;
import dev.tally.kernel.signing.SignTransfer;
import dev.tally.kernel.signing.TransferDraft;
import dev.tally.kernel.signing.SigningOutcome;
import dev.tally.kernel.signing.TransferIntent;
import dev.tally.kernel.signing.TransferSigned;
import dev.tally.kernel.signing.TransferSigningRefused;

import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

/**
 * What the signer signed for one merchant on one chain on one day (UTC): the day's total against its cap, and each
 * attempt's signed transaction, so that an attempt asked for again gets the same bytes, never a second transaction.
 * Its id is {@code <merchant>/<chain>/<day>}; sweeps, which move the platform's custody and have no cap, count
 * against {@code platform/<chain>/<day>}; refusals for an intent the history does not have against
 * {@code unknown/<chain>/<day>}.
 */
@Aggregate
public class SigningAllowance {
    @AggregateIdentifier
    private String allowanceId;
    private TokenAmount signedToday = TokenAmount.zero(Asset.USDT);
    private final Map<String, TransferSigned> signatures = new HashMap<>();

    protected SigningAllowance() {
    }

    static final String PLATFORM = "platform";
    static final String UNKNOWN = "unknown";

    /** @param owner a merchant's id, {@link #PLATFORM} or {@link #UNKNOWN} */
    static String id(String owner, Chain chain, LocalDate day) {
        return owner + "/" + chain.code() + "/" + day;
    }

    Optional<TransferSigned> signatureOf(TransferIntent intent) {
        return Optional.ofNullable(signatures.get(intent.key()));
    }

    /**
     * Signs the attempt if the policy allows it and the transaction is the intent's, else refuses; either is an
     * event. An attempt already signed gets its signature again, with no new event.
     */
    SigningOutcome decide(String id, SignTransfer request, Optional<IntentFacts> facts,
                          TransferTransactions transactions, TokenAmount dailyCap, long evmChainId, Instant at) {
        Optional<TransferSigned> earlier = signatureOf(request.intent());
        if (earlier.isPresent()) {
            return SigningOutcome.signed(earlier.get());
        }
        Optional<String> refusal = SigningPolicy.refusal(request.intent(), request.chain(), request.draft(), facts,
                                                         signedToday, dailyCap, evmChainId);
        TransferTransactions.Built built = null;
        if (refusal.isEmpty()) {
            built = transactions.build(request, facts.orElseThrow(), at);
            refusal = Optional.ofNullable(built.mismatch());
        }
        MerchantId merchant = facts.map(IntentFacts::merchantId).orElse(null);
        if (refusal.isPresent()) {
            apply(new TransferSigningRefused(id, request.intent(), merchant, request.chain(),
                                             facts.map(IntentFacts::amount).orElse(null), refusal.get(), at));
            return SigningOutcome.refused(refusal.get());
        }
        IntentFacts intent = facts.orElseThrow();
        TransferSigned signed = new TransferSigned(id, request.intent(), merchant, request.chain(), built.from(),
                intent.destination(), intent.amount(), built.transaction().txHash(),
                built.transaction().rawTransaction(), signedToday.plus(intent.amount()), at);
        apply(signed);
        return SigningOutcome.signed(signed);
    }

    /**
     * Signs a replacement of the attempt's transaction signed last ({@code replacedTxHash}), stuck unmined, if the
     * policy allows it, else refuses; either is an event. Asked again after it was signed, it gets the same
     * replacement. Counts nothing against the day's cap: only one of the two transactions can be mined.
     */
    SigningOutcome replace(String id, ReplaceTransfer request, Optional<IntentFacts> facts,
                           TransferTransactions transactions, long evmChainId, Instant at) {
        Optional<TransferSigned> last = signatureOf(request.intent());
        if (last.isPresent() && request.replacedTxHash().equals(last.get().replaces())) {
            return SigningOutcome.signed(last.get()); // replaced already: the same replacement
        }
        Optional<TransferDraft.Evm> previous = last.filter(s -> s.txHash().equals(request.replacedTxHash()))
                                                   .flatMap(s -> EvmTransfers.draftOf(s.rawTransaction()));
        Optional<String> refusal = previous.isEmpty()
                ? Optional.of("transaction " + request.replacedTxHash() + " is not the one signed last for "
                              + request.intent())
                : SigningPolicy.replacementRefusal(request.intent(), request.chain(), request.draft(), facts,
                                                   previous.get(), evmChainId);
        SignTransfer asSigning = new SignTransfer(request.intent(), request.chain(), request.draft());
        TransferTransactions.Built built = null;
        if (refusal.isEmpty()) {
            built = transactions.build(asSigning, facts.orElseThrow(), at);
            refusal = Optional.ofNullable(built.mismatch());
        }
        if (refusal.isPresent()) {
            return refuseReplacement(id, request, facts, refusal.get(), at);
        }
        MerchantId merchant = facts.map(IntentFacts::merchantId).orElse(null);
        IntentFacts intent = facts.orElseThrow();
        TransferSigned signed = new TransferSigned(id, request.intent(), merchant, request.chain(), built.from(),
                intent.destination(), intent.amount(), built.transaction().txHash(),
                built.transaction().rawTransaction(), signedToday, at, request.replacedTxHash());
        apply(signed);
        return SigningOutcome.signed(signed);
    }

    SigningOutcome refuseReplacement(String id, ReplaceTransfer request, Optional<IntentFacts> facts, String reason,
                                     Instant at) {
        apply(new TransferSigningRefused(id, request.intent(), facts.map(IntentFacts::merchantId).orElse(null),
                                         request.chain(), facts.map(IntentFacts::amount).orElse(null),
                                         "replacement refused: " + reason, at));
        return SigningOutcome.refused(reason);
    }

    /** Only an allowance's first event sets its id; a refusal changes nothing else. */
    void record(String id) {
        if (allowanceId == null) {
            allowanceId = id;
        }
    }

    @EventSourcingHandler
    void on(TransferSigned event) {
        record(event.allowance());
        signedToday = event.signedToday();
        signatures.put(event.intent().key(), event);
    }

    @EventSourcingHandler
    void on(TransferSigningRefused event) {
        record(event.allowance());
    }
}
