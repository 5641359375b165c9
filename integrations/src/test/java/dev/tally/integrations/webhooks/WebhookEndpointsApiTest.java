package dev.tally.integrations.webhooks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.kernel.access.ApiScope;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.mode.Mode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The endpoints API: secrets shown once, validation, the SSRF guard at registration, scopes and tenants. */
class WebhookEndpointsApiTest extends WebhookTestBase {
    private static final String ENDPOINTS = "/api/v1/webhook-endpoints";

    @Test
    void theSecretIsShownOnceAndEndpointsCanBeChangedAndDeleted() {
        String key = merchantKey(newMerchant());
        JsonNode created = createEndpoint(key, receiver.url("/a"), "invoice.paid", "invoice.paid", "invoice.expired");
        String id = created.get("id").asText();
        assertThat(id).matches("we_[0-9A-Za-z]{24}");
        assertThat(created.get("secret").asText()).startsWith("whsec_");
        assertThat(created.get("enabled").asBoolean()).isTrue();
        assertThat(created.get("eventTypes")).hasSize(2);

        JsonNode read = get(ENDPOINTS + "/" + id, key).json();
        assertThat(read.has("secret")).isFalse();
        assertThat(read.get("url").asText()).isEqualTo(receiver.url("/a"));
        Answer list = get(ENDPOINTS, key);
        assertThat(list.body()).doesNotContain("whsec_");
        assertThat(list.json().get("data").findValuesAsText("id")).containsExactly(id);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM integration.webhook_secrets WHERE endpoint_id = ?",
                                       Integer.class, id)).isEqualTo(1);

        JsonNode changed = patch(ENDPOINTS + "/" + id, key,
                                 "{\"url\":\"" + receiver.url("/b") + "\",\"eventTypes\":[],\"enabled\":false}").json();
        assertThat(changed.get("url").asText()).isEqualTo(receiver.url("/b"));
        assertThat(changed.get("eventTypes")).isEmpty();
        assertThat(changed.get("enabled").asBoolean()).isFalse();
        assertThat(changed.get("disabledReason").asText()).isEqualTo("disabled by the merchant");
        assertThat(patch(ENDPOINTS + "/" + id, key, "{\"enabled\":true}").json().get("url").asText())
                .isEqualTo(receiver.url("/b"));

        assertThat(delete(ENDPOINTS + "/" + id, key).status()).isEqualTo(204);
        assertThat(get(ENDPOINTS + "/" + id, key).status()).isEqualTo(404);
        assertThat(delete(ENDPOINTS + "/" + id, key).status()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM integration.webhook_secrets WHERE endpoint_id = ?",
                                       Integer.class, id)).isZero();
    }

    @Test
    void badInputIsA400NamingEachFieldAndNothingIsWritten() {
        String key = merchantKey(newMerchant());
        Answer answer = post(ENDPOINTS, key, "{\"url\":\"ftp://example.com/x\",\"eventTypes\":[\"invoice.paid\","
                                              + "\"invoice.exploded\"]}");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("code").asText()).isEqualTo("invalid-request");
        assertThat(answer.json().get("errors").findValuesAsText("field")).containsExactly("url", "eventTypes[1]");

        assertThat(post(ENDPOINTS, key, "{\"eventTypes\":[]}").json().get("errors").findValuesAsText("field"))
                .containsExactly("url");
        assertThat(post(ENDPOINTS, key, "{\"url\":\"" + receiver.url("/" + "x".repeat(2050)) + "\"}").status())
                .isEqualTo(400);
        assertThat(post(ENDPOINTS, key, "{\"url\":\"" + receiver.url("/x") + "\",\"surprise\":1}").json()
                           .get("code").asText()).isEqualTo("malformed-request");
        assertThat(post(ENDPOINTS, key, "{not json").status()).isEqualTo(400);
        assertThat(get(ENDPOINTS, key).json().get("data")).isEmpty();
    }

    @Test
    void internalTargetsAreRefusedAtRegistration() {
        String key = merchantKey(newMerchant());
        TestDns.set("intranet.test", "10.20.30.40");
        TestDns.set("sneaky.test", "93.184.215.14", "127.0.0.2");
        for (String url : new String[]{
                "http://127.0.0.2:8080/x", "http://localhost:" + receiver.port() + "/x", "http://0.0.0.0/x",
                "http://10.0.0.1/x", "http://172.16.5.4/x", "http://192.168.1.1/x", "http://169.254.1.1/x",
                "http://169.254.169.254/latest/meta-data/", "http://100.64.0.1/x", "http://224.0.0.1/x",
                "http://255.255.255.255/x", "http://[::1]/x", "http://[::]/x", "http://[fc00::1]/x",
                "http://[fe80::1]/x", "http://[ff02::1]/x", "http://[fd00:ec2::254]/x",
                "http://[::ffff:127.0.0.2]/x", "http://[::ffff:169.254.169.254]/x", "http://[64:ff9b::a9fe:a9fe]/x",
                "http://metadata.google.internal/computeMetadata/v1/", "http://intranet.test/x",
                "http://sneaky.test/x"}) {
            Answer answer = post(ENDPOINTS, key, "{\"url\":\"" + url + "\"}");
            assertThat(answer.status()).as(url).isEqualTo(400);
            assertThat(answer.json().get("errors").get(0).get("field").asText()).as(url).isEqualTo("url");
        }
        assertThat(get(ENDPOINTS, key).json().get("data")).isEmpty();

        // A change of URL is checked the same way.
        String id = createEndpoint(key, receiver.url("/ok")).get("id").asText();
        assertThat(patch(ENDPOINTS + "/" + id, key, "{\"url\":\"http://intranet.test/x\"}").status()).isEqualTo(400);
        assertThat(get(ENDPOINTS + "/" + id, key).json().get("url").asText()).isEqualTo(receiver.url("/ok"));
    }

    @Test
    void aMerchantHasAtMostSixteenEndpoints() {
        String key = merchantKey(newMerchant());
        for (int i = 0; i < 16; i++) {
            createEndpoint(key, receiver.url("/cap" + i));
        }
        Answer seventeenth = post(ENDPOINTS, key, "{\"url\":\"" + receiver.url("/cap16") + "\"}");
        assertThat(seventeenth.status()).isEqualTo(422);
        assertThat(seventeenth.json().get("code").asText()).isEqualTo("rule-violation");
    }

    @Test
    void anotherMerchantsEndpointIsA404EverywhereAndUnchanged() {
        MerchantId a = newMerchant();
        String keyOfA = merchantKey(a);
        JsonNode endpoint = createEndpoint(keyOfA, receiver.url("/a"));
        String id = endpoint.get("id").asText();
        publishEvent(a, "invoice.paid");
        org.awaitility.Awaitility.await().atMost(WAIT).until(() -> receiver.received("/a").size() >= 1);
        String deliveryId = get(ENDPOINTS + "/" + id + "/deliveries", keyOfA).json().get("data").get(0).get("id")
                                                                            .asText();

        String keyOfB = merchantKey(newMerchant());
        assertThat(get(ENDPOINTS, keyOfB).json().get("data")).isEmpty();
        assertThat(get(ENDPOINTS + "/" + id, keyOfB).status()).isEqualTo(404);
        assertThat(patch(ENDPOINTS + "/" + id, keyOfB, "{\"enabled\":false}").status()).isEqualTo(404);
        assertThat(post(ENDPOINTS + "/" + id + "/rotate-secret", keyOfB, null).status()).isEqualTo(404);
        assertThat(post(ENDPOINTS + "/" + id + "/test", keyOfB, null).status()).isEqualTo(404);
        assertThat(get(ENDPOINTS + "/" + id + "/deliveries", keyOfB).status()).isEqualTo(404);
        assertThat(get(ENDPOINTS + "/" + id + "/deliveries/" + deliveryId, keyOfB).status()).isEqualTo(404);
        assertThat(post(ENDPOINTS + "/" + id + "/deliveries/" + deliveryId + "/redeliver", keyOfB, null).status())
                .isEqualTo(404);
        assertThat(delete(ENDPOINTS + "/" + id, keyOfB).status()).isEqualTo(404);

        // B's own endpoint cannot reach A's delivery either.
        String idOfB = createEndpoint(keyOfB, receiver.url("/b")).get("id").asText();
        assertThat(get(ENDPOINTS + "/" + idOfB + "/deliveries/" + deliveryId, keyOfB).status()).isEqualTo(404);
        assertThat(post(ENDPOINTS + "/" + idOfB + "/deliveries/" + deliveryId + "/redeliver", keyOfB, null)
                           .status()).isEqualTo(404);

        JsonNode after = get(ENDPOINTS + "/" + id, keyOfA).json();
        assertThat(after.get("enabled").asBoolean()).isTrue();
        assertThat(receiver.received("/a")).hasSize(1);
    }

    @Test
    void aKeyWithoutTheWebhooksScopeIs403AndARevokedKeyIs401() {
        MerchantId merchant = newMerchant();
        String readOnly = apiKeys.issue(Mode.TEST, merchant, ApiScope.INVOICES_READ, ApiScope.INVOICES_WRITE);
        Answer forbidden = post(ENDPOINTS, readOnly, "{\"url\":\"" + receiver.url("/x") + "\"}");
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.json().get("code").asText()).isEqualTo("insufficient-scope");
        assertThat(get(ENDPOINTS, readOnly).status()).isEqualTo(403);

        String key = merchantKey(merchant);
        String id = createEndpoint(key, receiver.url("/x")).get("id").asText();
        apiKeys.revoke(key);
        assertThat(get(ENDPOINTS + "/" + id, key).status()).isEqualTo(401);
        assertThat(post(ENDPOINTS, key, "{\"url\":\"" + receiver.url("/y") + "\"}").status()).isEqualTo(401);
        assertThat(get(ENDPOINTS, null).status()).isEqualTo(401);
        assertThat(get(ENDPOINTS, ADMIN_KEY).status()).isEqualTo(403);
    }
}
