package dev.tally.signer;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.signing.FindHotWallet;
import dev.tally.kernel.signing.FindResourceAccount;
import dev.tally.kernel.signing.ReplaceTransfer;
import dev.tally.kernel.signing.SignTransfer;
import dev.tally.kernel.signing.SigningOutcome;
import dev.tally.kernel.signing.TransferIntent;
import dev.tally.kernel.signing.TransferSigned;

import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.axonframework.queryhandling.QueryHandler;

/**
 * Answers {@link SignTransfer}: reads the intent from the event history, then lets the merchant's allowance of the
 * day on that chain decide, sign and record. An attempt signed yesterday is answered with yesterday's bytes (a Tron
 * transaction expires within 24 hours; an EVM one signed again from the same fields is the same bytes).
 */
public class TransferSigner {
    private final Supplier<Repository<SigningAllowance>> allowances;
    private final IntentBook intents;
    private final TransferTransactions transactions;
    private final SignerSettings settings;
    private final Clock clock;

    TransferSigner(Supplier<Repository<SigningAllowance>> allowances, IntentBook intents,
                   TransferTransactions transactions, SignerSettings settings, Clock clock) {
        this.allowances = allowances;
        this.intents = intents;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
    }

    @CommandHandler
    public SigningOutcome handle(SignTransfer request) throws Exception {
        Optional<IntentFacts> facts = intents.find(request.intent());
        Instant now = clock.instant();
        LocalDate today = now.atZone(ZoneOffset.UTC).toLocalDate();
        String owner = facts.map(TransferSigner::owner).orElse(SigningAllowance.UNKNOWN);
        Optional<TransferSigned> yesterdays = signedOn(SigningAllowance.id(owner, request.chain(),
                                                                           today.minusDays(1)), request.intent());
        if (yesterdays.isPresent()) {
            return SigningOutcome.signed(yesterdays.get());
        }
        String id = SigningAllowance.id(owner, request.chain(), today);
        TokenAmount cap = SigningAllowance.PLATFORM.equals(owner) ? null : settings.dailyCap(request.chain());
        Aggregate<SigningAllowance> allowance = allowances.get().loadOrCreate(id, SigningAllowance::new);
        return allowance.invoke(a -> a.decide(id, request, facts, transactions, cap, settings.evmChainId(), now));
    }

    /**
     * Answers {@link ReplaceTransfer}: the allowance of the day the attempt was first signed, which holds its
     * signatures, decides (a replacement adds nothing to any day's total).
     */
    @CommandHandler
    public SigningOutcome handle(ReplaceTransfer request) throws Exception {
        Optional<IntentFacts> facts = intents.find(request.intent());
        String owner = facts.map(TransferSigner::owner).orElse(SigningAllowance.UNKNOWN);
        String id = SigningAllowance.id(owner, request.chain(), request.signedOn());
        Instant now = clock.instant();
        if (intents.lastSequenceOf(id).isEmpty()) {
            // Recorded in today's allowance: nothing holds the day asked for.
            String today = SigningAllowance.id(owner, request.chain(), now.atZone(ZoneOffset.UTC).toLocalDate());
            String reason = "nothing was signed for " + request.intent() + " on " + request.signedOn();
            return allowances.get().loadOrCreate(today, SigningAllowance::new)
                             .invoke(a -> a.refuseReplacement(today, request, facts, reason, now));
        }
        return allowances.get().load(id)
                         .invoke(a -> a.replace(id, request, facts, transactions, settings.evmChainId(), now));
    }

    /** Whose allowance an intent counts against: its merchant's, or the platform's (a sweep), which has no cap. */
    private static String owner(IntentFacts facts) {
        MerchantId merchant = facts.merchantId();
        return merchant == null ? SigningAllowance.PLATFORM : merchant.value();
    }

    private Optional<TransferSigned> signedOn(String allowanceId, TransferIntent intent) {
        if (intents.lastSequenceOf(allowanceId).isEmpty()) {
            return Optional.empty(); // nothing signed or refused for the merchant that day
        }
        try {
            return allowances.get().load(allowanceId).invoke(a -> a.signatureOf(intent));
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The hot wallet's address on {@code chain}, to be funded by the operator. */
    public String hotWallet(Chain chain) {
        return transactions.hotWallet(chain);
    }

    /** Whose staked energy a Tron sweep's deposit address is delegated, and who takes it back. */
    @QueryHandler
    public String handle(FindResourceAccount query) {
        return transactions.resourceAccount(query.chain());
    }

    /** Where a sender reads the hot wallet's next nonce before it asks for a signature. */
    @QueryHandler
    public String handle(FindHotWallet query) {
        return hotWallet(query.chain());
    }
}
