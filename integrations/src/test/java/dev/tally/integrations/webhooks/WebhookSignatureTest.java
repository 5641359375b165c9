package dev.tally.integrations.webhooks;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    @Test
    void reproducesTheStandardWebhooksPublishedVector() {
        // The example of the Standard Webhooks reference libraries (and Svix's): a receiver's library accepts ours.
        assertThat(WebhookSignature.header("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, "{\"test\": 2432232314}",
                                           List.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")))
                .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    @Test
    void agreesWithAnIndependentHmacOfTheDocumentedStringForRandomSecretsAndUnicodeBodies() throws Exception {
        for (int i = 0; i < 50; i++) {
            String secret = WebhookSignature.newSecret();
            String id = "evt_" + i + "x".repeat(i % 7);
            long timestamp = 1_700_000_000L + i * 37L;
            String body = "{\"id\":\"" + id + "\",\"note\":\"Ünïcödé ✓ €" + i + "\"}";

            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
            String expected = Base64.getEncoder().encodeToString(
                    mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));

            assertThat(WebhookSignature.header(id, timestamp, body, List.of(secret))).isEqualTo("v1," + expected);
        }
    }

    @Test
    void signsWithEveryActiveSecretNewestFirstSpaceSeparated() {
        String current = WebhookSignature.newSecret();
        String previous = WebhookSignature.newSecret();
        String header = WebhookSignature.header("evt_1", 1, "{}", List.of(current, previous));
        assertThat(header.split(" ")).containsExactly("v1," + WebhookSignature.sign(current, "evt_1", 1, "{}"),
                                                      "v1," + WebhookSignature.sign(previous, "evt_1", 1, "{}"));
    }

    @Test
    void secretsAreWhsecWith32RandomBytes() {
        String secret = WebhookSignature.newSecret();
        assertThat(secret).startsWith("whsec_");
        assertThat(Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
        assertThat(WebhookSignature.newSecret()).isNotEqualTo(secret);
    }
}
