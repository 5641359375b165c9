package dev.tally.launcher.browser;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fee transparency over real HTTP: an invoice paid on the sandbox chain and settled with a fee; the public invoice
 * JSON, its live stream and the payment page never mention the fee, while the merchant's settlement shows it.
 */
class CustomerFacingResponsesTest extends RunningTally {

    @Test
    void noCustomerFacingResponseCarriesAFeeWhileTheMerchantSeesIt() throws Exception {
        JsonNode invoice = createInvoice("40.00");
        String id = invoice.get("id").asText();
        // The customer's view follows the invoice's events: it may lag the answer that created it.
        await().atMost(Duration.ofSeconds(30)).until(
                () -> send(request("/api/v1/public/invoices/" + id, null).GET()).statusCode() == 200);

        List<String> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<HttpResponse<Stream<String>>> stream = http.sendAsync(
                request("/api/v1/public/invoices/" + id + "/stream", null).header("Accept", "text/event-stream")
                        .GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = stream.get();
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        CompletableFuture<Void> reading = CompletableFuture.runAsync(() -> response.body().forEach(lines::add));

        // The stream sends the current state, then heartbeats while nothing happens (the settlement that follows
        // the payment may come quicker than a heartbeat)...
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains("event:invoice")
                                                           && lines.contains(":heartbeat"));
        payOnSandbox(id);

        // ...then each new state, and it ends by itself once the invoice is settled.
        reading.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(lines).contains(":heartbeat", "event:end");
        List<String> states = lines.stream().filter(l -> l.startsWith("data:{\"id\"")).toList();
        assertThat(states.get(0)).contains("\"status\":\"PENDING\"");
        assertThat(states).anySatisfy(s -> assertThat(s).contains("\"status\":\"PAID\""));
        assertThat(states.get(states.size() - 1)).contains("\"status\":\"SETTLED\"")
                                                 .contains("\"amountPaid\":\"40.00\"");

        JsonNode settlement = await().atMost(Duration.ofSeconds(30)).until(
                () -> get("/api/v1/settlements?invoiceId=" + id, merchantKey).get("items").get(0),
                java.util.Objects::nonNull);
        assertThat(settlement.get("platformFeeAmount").asText()).isEqualTo("0.40");
        assertThat(settlement.get("netAmount").asText()).isEqualTo("39.60");

        String publicJson = send(request("/api/v1/public/invoices/" + id, null).GET()).body();
        String page = send(request("/pay/" + id, null).GET()).body();
        for (String customerFacing : List.of(publicJson, String.join("\n", lines), page)) {
            assertThat(customerFacing.toLowerCase(Locale.ROOT)).doesNotContain("fee").doesNotContain("0.40")
                                                               .doesNotContain("39.60");
        }
        assertThat(tree(publicJson).get("status").asText()).isEqualTo("SETTLED");
    }

    @Test
    void theDashboardStreamSendsTheMerchantsTotals() throws Exception {
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpResponse<Stream<String>> response = http.sendAsync(
                request("/api/v1/dashboard/stream", merchantKey).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines()).get();
        assertThat(response.statusCode()).isEqualTo(200);
        CompletableFuture.runAsync(() -> response.body().forEach(lines::add));
        await().atMost(Duration.ofSeconds(20)).until(() -> lines.contains("event:dashboard"));

        String id = createInvoice("10.00").get("id").asText();
        payOnSandbox(id);
        await().atMost(Duration.ofSeconds(60)).until(() -> lines.stream().anyMatch(
                l -> l.contains("\"grossVolume\":\"10.00\"") && l.contains("\"feesCollected\":\"0.10\"")));
        response.body().close();
    }
}
