package dev.tally.integrations.webhooks;

import dev.tally.kernel.ids.MerchantId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An endpoint's cap on sends in flight (2) must not become its rate: one endpoint's deliveries used to go out two per
 * poll interval (after a crash, 800 webhooks of one merchant took minutes). Here the poll interval is an hour: the
 * dispatcher's first round finds 40 events, and every delivery after the first two goes out only because a finished
 * send starts the next round at once. (The dispatcher is stopped and started around the setup, as a context's
 * stop and start would: it sends again after a start.)
 */
@TestPropertySource(properties = "tally.webhooks.poll-interval=1h")
@DirtiesContext
class WebhookThroughputTest extends WebhookTestBase {
    @Autowired
    WebhookDispatcher dispatcher;

    @Test
    void aFinishedSendStartsTheNextRoundSoOneEndpointIsNotLimitedToItsCapPerPollInterval() {
        dispatcher.stop();
        MerchantId merchant = newMerchant();
        createEndpoint(merchantKey(merchant), receiver.url("/busy"));
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(publishEvent(merchant, "invoice.paid"));
        }

        dispatcher.start();

        await().atMost(WAIT).untilAsserted(() -> assertThat(TestReceiver.ids(receiver.received("/busy")))
                .containsAll(events));
        assertThat(TestReceiver.ids(receiver.received("/busy"))).hasSize(40);
    }
}
