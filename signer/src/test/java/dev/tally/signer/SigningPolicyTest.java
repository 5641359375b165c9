package dev.tally.signer;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Optional;

import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.signing.TransferDraft;
import dev.tally.kernel.signing.TransferIntent;

import org.junit.jupiter.api.Test;

/** The one rule of what the signer signs, as the pure function it is. */
class SigningPolicyTest {
    private static final TransferIntent REFUND = new TransferIntent(TransferIntent.Kind.REFUND, "rf_policy0001", 1);
    private static final TransferDraft.Evm DRAFT = new TransferDraft.Evm(1, BigInteger.ZERO, BigInteger.ONE,
                                                                         BigInteger.ONE, BigInteger.ONE);
    private static final TokenAmount CAP = usdt("10");

    @Test
    void signsAnApprovedLiveRefundWithinTheCapUpToItsLastBaseUnit() {
        assertThat(refusal(facts(Mode.LIVE, "approved", true, 1, "0xabc", "4"), usdt("6"))).isEmpty();
        assertThat(refusal(facts(Mode.LIVE, "approved", true, 1, "0xabc", "4"), usdt("6.000001")))
                .contains("the merchant's transfers signed on ethereum today would come to 10.000001, above the daily "
                          + "cap of 10.00");
    }

    @Test
    void refusesWhatIsNotApprovedLiveMoneyOfThatAttemptWithAnAddress() {
        assertThat(SigningPolicy.refusal(REFUND, Chain.ETHEREUM, DRAFT, Optional.empty(), usdt("0"), CAP, 1))
                .contains("no refund rf_policy0001 in the event history");
        assertThat(refusal(facts(Mode.TEST, "approved", true, 1, "0xabc", "1"), usdt("0"))).hasValueSatisfying(
                reason -> assertThat(reason).contains("test-mode"));
        assertThat(refusal(facts(Mode.LIVE, "awaiting_approval", false, 1, "0xabc", "1"), usdt("0")))
                .contains("the refund is awaiting_approval, not approved");
        assertThat(refusal(facts(Mode.LIVE, "approved", true, 2, "0xabc", "1"), usdt("0")))
                .contains("the refund is at attempt 2, not 1");
        assertThat(refusal(facts(Mode.LIVE, "approved", true, 1, " ", "1"), usdt("0")))
                .contains("the refund has no address to pay");
    }

    @Test
    void refusesADraftForAnotherChainOrChainId() {
        IntentFacts facts = facts(Mode.LIVE, "approved", true, 1, "0xabc", "1");
        assertThat(SigningPolicy.refusal(REFUND, Chain.ETHEREUM, DRAFT, Optional.of(facts), usdt("0"), CAP, 31337))
                .contains("the draft is not an EVM transaction for chain id 31337");
        assertThat(SigningPolicy.refusal(REFUND, Chain.ETHEREUM, new TransferDraft.Tron("00"), Optional.of(facts),
                                         usdt("0"), CAP, 1))
                .contains("the draft is not an EVM transaction for chain id 1");
        assertThat(SigningPolicy.refusal(REFUND, Chain.TRON, new TransferDraft.Tron("00"), Optional.of(facts),
                                         usdt("0"), CAP, 1))
                .contains("the refund is paid on ethereum, not tron");
    }

    private static Optional<String> refusal(IntentFacts facts, TokenAmount signedToday) {
        return SigningPolicy.refusal(REFUND, Chain.ETHEREUM, DRAFT, Optional.of(facts), signedToday, CAP, 1);
    }

    private static IntentFacts facts(Mode mode, String status, boolean ready, int attempt, String destination,
                                     String amount) {
        return IntentFacts.fromHotWallet(TransferIntent.Kind.REFUND, REFUND.id(), MerchantId.of("mer_policy0001"),
                                         mode, Chain.ETHEREUM, destination, usdt(amount), status, ready, attempt);
    }

    private static TokenAmount usdt(String amount) {
        return TokenAmount.parse(amount, Asset.USDT);
    }
}
