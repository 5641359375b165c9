package dev.tally.integrations.webhooks;

import dev.tally.kernel.ids.MerchantId;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One merchant's hanging receiver must not hold every sender: at most {@code tally.webhooks.sends-per-endpoint-max}
 * (2) of its deliveries are in flight, and another merchant's webhook goes out meanwhile. The attempt timeout is long
 * here (20 s, over the base's 1 s) so that, without the cap, the hanging receiver would hold all 8 senders well past
 * the wait for B.
 */
@TestPropertySource(properties = {"tally.webhooks.timeout=20s", "tally.webhooks.claim-lease=30s"})
@DirtiesContext
class WebhookFairnessTest extends WebhookTestBase {

    @Test
    void aHangingReceiverHoldsAtMostItsShareOfTheSendersAndOthersAreServedMeanwhile() {
        MerchantId slow = newMerchant();
        MerchantId other = newMerchant();
        createEndpoint(merchantKey(slow), receiver.url("/slow"));
        createEndpoint(merchantKey(other), receiver.url("/other"));
        TestReceiver.Reply[] hanging = new TestReceiver.Reply[10];
        java.util.Arrays.fill(hanging, TestReceiver.Reply.hanging());
        receiver.script("/slow", hanging);

        List<String> slowEvents = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            slowEvents.add(publishEvent(slow, "invoice.paid"));
        }
        await().atMost(WAIT).until(() -> receiver.received("/slow").size() >= 2);
        String otherEvent = publishEvent(other, "invoice.paid");

        // The other merchant's webhook arrives while the slow receiver still holds its first requests.
        await().atMost(Duration.ofSeconds(15)).until(() -> !receiver.received("/other").isEmpty());
        assertThat(TestReceiver.ids(receiver.received("/other"))).containsExactly(otherEvent);
        assertThat(receiver.received("/slow")).hasSize(2);

        // Released, the slow receiver gets every one of its events, two at a time.
        receiver.release();
        await().atMost(WAIT).untilAsserted(() -> assertThat(TestReceiver.ids(receiver.received("/slow")))
                .containsAll(slowEvents));
        await().atMost(WAIT).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM integration.webhook_deliveries WHERE status = 'SUCCEEDED'", Integer.class) == 11);
    }
}
