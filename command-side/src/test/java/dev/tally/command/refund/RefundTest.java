package dev.tally.command.refund;

import dev.tally.command.funds.OwnAddresses;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.ids.RefundId;
import dev.tally.kernel.ids.SettlementId;
import dev.tally.kernel.mode.Mode;
import dev.tally.kernel.money.Asset;
import dev.tally.kernel.money.Chain;
import dev.tally.kernel.money.TokenAmount;
import dev.tally.kernel.refund.ApproveRefund;
import dev.tally.kernel.refund.CancelRefund;
import dev.tally.kernel.refund.ClaimRefundAddress;
import dev.tally.kernel.refund.ConfirmRefund;
import dev.tally.kernel.refund.CreateRefund;
import dev.tally.kernel.refund.FailRefund;
import dev.tally.kernel.refund.InvoiceRefundRequested;
import dev.tally.kernel.refund.RecordRefundBroadcast;
import dev.tally.kernel.refund.RefundAddressClaimed;
import dev.tally.kernel.refund.RefundApproved;
import dev.tally.kernel.refund.RefundBroadcast;
import dev.tally.kernel.refund.RefundCancelled;
import dev.tally.kernel.refund.RefundConfirmed;
import dev.tally.kernel.refund.RefundCreated;
import dev.tally.kernel.refund.RefundFailed;
import dev.tally.kernel.refund.RefundSplit;
import dev.tally.kernel.refund.RefundState;
import dev.tally.kernel.refund.RefundStatus;
import dev.tally.kernel.refund.RetryRefund;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.tally.command.DomainErrors.domainError;

/**
 * A refund's life: a claim link waits for the customer's address (and expires), the merchant approves, each attempt
 * is one transaction, a failure is retried or cancelled; every step carries the refund as it leaves it.
 */
class RefundTest {
    private static final Instant NOW = Instant.parse("2026-03-14T09:20:00Z");
    private static final Instant EXPIRES = NOW.plus(Duration.ofDays(7));
    private static final MerchantId MERCHANT = MerchantId.of("mer_4kT9xQ2mLp7vRz8w");
    private static final InvoiceId INVOICE = InvoiceId.of("inv_3kT9pQ2mLx7vRz8w");
    private static final RefundId REFUND = RefundId.of("rf_5mT9xQ2mLp7vRz8w");
    private static final String CLAIM = "rfc_7pQ2mLx7vRz8wk";
    private static final String CUSTOMER = "TLsV52sRDL79HXGGm9yzwKibb6BeruhUzy";
    private static final String DEPOSIT_ADDRESS = "TJRabPrwbZy45sbavfcjinPJC18kjpRTv9";

    private AggregateTestFixture<Refund> fixture;

    private static TokenAmount usdt(String text) {
        return TokenAmount.parse(text, Asset.USDT);
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Refund.class);
        fixture.registerInjectableResource(Clock.fixed(NOW, ZoneOffset.UTC));
        fixture.registerInjectableResource((OwnAddresses) (chain, address) -> address.equals(DEPOSIT_ADDRESS));
    }

    private static InvoiceRefundRequested request(String address, boolean autoApprove) {
        return new InvoiceRefundRequested(INVOICE, MERCHANT, Mode.TEST, REFUND, SettlementId.forInvoice(INVOICE),
                                          Chain.TRON, new RefundSplit(usdt("2.00"), usdt("0.02"), usdt("1.98")),
                                          address, address == null ? CLAIM : null, address == null ? EXPIRES : null,
                                          autoApprove, "overpaid", NOW);
    }

    private static RefundState claimLink(boolean autoApprove) {
        return new RefundState(REFUND, INVOICE, MERCHANT, Mode.TEST, Chain.TRON, usdt("2.00"), usdt("0.02"),
                               usdt("1.98"), null, "overpaid", RefundStatus.AWAITING_ADDRESS, CLAIM, EXPIRES, null,
                               autoApprove, 1, null, null, null, NOW, NOW);
    }

    private static RefundState approved(RefundState from) {
        return from.withAddress(CUSTOMER).moved(RefundStatus.APPROVED, NOW);
    }

    @Test
    void aClaimLinkWaitsForTheAddressUntilItsExpiry() {
        fixture.givenCurrentTime(NOW)
               .when(new CreateRefund(REFUND, request(null, false)))
               .expectEvents(new RefundCreated(claimLink(false)))
               .expectScheduledDeadlineWithName(EXPIRES, Refund.CLAIM_EXPIRY);
    }

    @Test
    void anUnclaimedLinkIsCancelledWhenItExpires() {
        fixture.givenCurrentTime(NOW).andGivenCommands(new CreateRefund(REFUND, request(null, false)))
               .whenThenTimeAdvancesTo(EXPIRES)
               .expectTriggeredDeadlinesWithName(Refund.CLAIM_EXPIRY)
               .expectEvents(new RefundCancelled(claimLink(false).moved(RefundStatus.CANCELLED, EXPIRES)
                                                         .withTransaction(null, null, Refund.CLAIM_EXPIRED)));
    }

    @Test
    void aClaimedAddressWaitsForTheMerchantsApprovalUnlessAutoApproved() {
        RefundState claimed = claimLink(false).withAddress(CUSTOMER).moved(RefundStatus.AWAITING_APPROVAL, NOW);
        fixture.given(new RefundCreated(claimLink(false)))
               .when(new ClaimRefundAddress(REFUND, CLAIM, CUSTOMER))
               .expectEvents(new RefundAddressClaimed(claimed));
        fixture.given(new RefundCreated(claimLink(false)), new RefundAddressClaimed(claimed))
               .when(new ApproveRefund(REFUND, MERCHANT, Mode.TEST))
               .expectEvents(new RefundApproved(claimed.moved(RefundStatus.APPROVED, NOW)));
        fixture.given(new RefundCreated(claimLink(true)))
               .when(new ClaimRefundAddress(REFUND, CLAIM, CUSTOMER))
               .expectEvents(new RefundAddressClaimed(approved(claimLink(true))));
    }

    @Test
    void anExpiryAfterTheClaimChangesNothing() {
        fixture.givenCurrentTime(NOW).andGivenCommands(new CreateRefund(REFUND, request(null, true)),
                                                       new ClaimRefundAddress(REFUND, CLAIM, CUSTOMER))
               .whenThenTimeAdvancesTo(EXPIRES)
               .expectTriggeredDeadlinesWithName(Refund.CLAIM_EXPIRY)
               .expectNoEvents();
    }

    @Test
    void aWrongClaimAnotherMerchantOrTallysOwnAddressIsRefused() {
        fixture.given(new RefundCreated(claimLink(false)))
               .when(new ClaimRefundAddress(REFUND, "rfc_guessed", CUSTOMER))
               .expectException(domainError(ErrorCode.NOT_FOUND));
        fixture.given(new RefundCreated(claimLink(false)))
               .when(new ClaimRefundAddress(REFUND, CLAIM, DEPOSIT_ADDRESS))
               .expectException(domainError(ErrorCode.RULE_VIOLATION));
        fixture.given(new RefundCreated(claimLink(false)))
               .when(new ApproveRefund(REFUND, MerchantId.of("mer_9zT9xQ2mLp7vRz8w"), Mode.TEST))
               .expectException(domainError(ErrorCode.NOT_FOUND));
        fixture.given(new RefundCreated(claimLink(false)))
               .when(new ApproveRefund(REFUND, MERCHANT, Mode.LIVE))
               .expectException(domainError(ErrorCode.NOT_FOUND));
    }

    @Test
    void eachAttemptIsOneTransactionAndAFailureIsRetriedByANewOne() {
        RefundState approved = approved(claimLink(false));
        RefundState broadcast = approved.withTransaction("tx1", null, null).moved(RefundStatus.BROADCAST, NOW);
        RefundState failed = broadcast.withTransaction("tx1", null, "reverted").moved(RefundStatus.FAILED, NOW);
        RefundState retried = failed.nextAttempt().moved(RefundStatus.APPROVED, NOW);
        fixture.given(new RefundCreated(approved))
               .when(new RecordRefundBroadcast(REFUND, 1, "tx1", NOW))
               .expectEvents(new RefundBroadcast(broadcast));
        // The same broadcast again changes nothing; another attempt's is refused.
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast))
               .when(new RecordRefundBroadcast(REFUND, 1, "tx1", NOW))
               .expectNoEvents();
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast))
               .when(new FailRefund(REFUND, "tx1", "reverted", NOW))
               .expectEvents(new RefundFailed(failed));
        // Its broadcast delivered again after it failed changes nothing.
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast), new RefundFailed(failed))
               .when(new RecordRefundBroadcast(REFUND, 1, "tx1", NOW))
               .expectSuccessfulHandlerExecution()
               .expectNoEvents();
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast), new RefundFailed(failed))
               .when(new RetryRefund(REFUND, MERCHANT, Mode.TEST))
               .expectEvents(new RefundApproved(retried));
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast), new RefundFailed(failed),
                      new RefundApproved(retried))
               .when(new RecordRefundBroadcast(REFUND, 1, "tx1", NOW))
               .expectException(domainError(ErrorCode.INVALID_STATE));
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast), new RefundFailed(failed),
                      new RefundApproved(retried))
               .when(new RecordRefundBroadcast(REFUND, 2, "tx2", NOW))
               .expectEvents(new RefundBroadcast(retried.withTransaction("tx2", null, null)
                                                        .moved(RefundStatus.BROADCAST, NOW)));
    }

    @Test
    void anAttemptWhoseTransactionNeverMadeItOnChainFailsAndIsRetriedByANewOne() {
        RefundState approved = approved(claimLink(false));
        // Not signed (the signer refused): no transaction at all.
        RefundState refused = approved.withTransaction(null, null, "the signer refused: over the daily cap")
                                      .moved(RefundStatus.FAILED, NOW);
        fixture.given(new RefundCreated(approved))
               .when(new FailRefund(REFUND, null, "the signer refused: over the daily cap", NOW))
               .expectEvents(new RefundFailed(refused));
        fixture.given(new RefundCreated(approved), new RefundFailed(refused))
               .when(new FailRefund(REFUND, null, "the signer refused: over the daily cap", NOW))
               .expectNoEvents();
        // Signed, but another transaction took its nonce before it was recorded broadcast: its hash stays on record.
        fixture.given(new RefundCreated(approved))
               .when(new FailRefund(REFUND, "tx1", "another transaction took its nonce", NOW))
               .expectEvents(new RefundFailed(approved.withTransaction("tx1", null, "another transaction took its "
                                                                                    + "nonce")
                                                      .moved(RefundStatus.FAILED, NOW)));
        fixture.given(new RefundCreated(approved), new RefundFailed(refused))
               .when(new RetryRefund(REFUND, MERCHANT, Mode.TEST))
               .expectEvents(new RefundApproved(refused.nextAttempt().moved(RefundStatus.APPROVED, NOW)));
    }

    /**
     * Prevents: a stuck attempt's replacement (the same nonce, higher fees) refused, or the attempt confirmed only by
     * the transaction recorded last when the one it replaced was mined.
     */
    @Test
    void anAttemptsReplacementIsRecordedAndWhicheverOfItsTransactionsIsMinedConfirmsIt() {
        RefundState approved = approved(claimLink(false));
        RefundState broadcast = approved.withTransaction("tx1", null, null).moved(RefundStatus.BROADCAST, NOW);
        RefundState replaced = broadcast.withTransaction("tx1b", null, null).moved(RefundStatus.BROADCAST, NOW);
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast))
               .when(new RecordRefundBroadcast(REFUND, 1, "tx1b", NOW))
               .expectEvents(new RefundBroadcast(replaced));
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast), new RefundBroadcast(replaced))
               .when(new RecordRefundBroadcast(REFUND, 1, "tx1", NOW))
               .expectNoEvents();
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast), new RefundBroadcast(replaced))
               .when(new ConfirmRefund(REFUND, "tx1", 42, NOW))
               .expectEvents(new RefundConfirmed(replaced.withTransaction("tx1", 42L, null)
                                                         .moved(RefundStatus.CONFIRMED, NOW)));
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast), new RefundBroadcast(replaced))
               .when(new ConfirmRefund(REFUND, "tx-other", 42, NOW))
               .expectException(domainError(ErrorCode.INVALID_STATE));
    }

    @Test
    void onlyItsOwnTransactionConfirmsItAndAConfirmedRefundCannotBeCancelledOrFail() {
        RefundState approved = approved(claimLink(false));
        RefundState broadcast = approved.withTransaction("tx1", null, null).moved(RefundStatus.BROADCAST, NOW);
        RefundState confirmed = broadcast.withTransaction("tx1", 42L, null).moved(RefundStatus.CONFIRMED, NOW);
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast))
               .when(new ConfirmRefund(REFUND, "tx-other", 42, NOW))
               .expectException(domainError(ErrorCode.INVALID_STATE));
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast))
               .when(new ConfirmRefund(REFUND, "tx1", 42, NOW))
               .expectEvents(new RefundConfirmed(confirmed));
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast), new RefundConfirmed(confirmed))
               .when(new CancelRefund(REFUND, MERCHANT, Mode.TEST, null))
               .expectException(domainError(ErrorCode.INVALID_STATE));
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast), new RefundConfirmed(confirmed))
               .when(new FailRefund(REFUND, "tx1", "reverted", NOW))
               .expectException(domainError(ErrorCode.INVALID_STATE));
        // On its way, it cannot be cancelled either: its transaction may still land.
        fixture.given(new RefundCreated(approved), new RefundBroadcast(broadcast))
               .when(new CancelRefund(REFUND, MERCHANT, Mode.TEST, null))
               .expectException(domainError(ErrorCode.INVALID_STATE));
    }

    @Test
    void aRefundAwaitingItsAddressIsCancelledByItsMerchant() {
        fixture.given(new RefundCreated(claimLink(false)))
               .when(new CancelRefund(REFUND, MERCHANT, Mode.TEST, "customer asked for store credit"))
               .expectEvents(new RefundCancelled(claimLink(false).moved(RefundStatus.CANCELLED, NOW)
                                                         .withTransaction(null, null,
                                                                          "customer asked for store credit")));
    }
}
