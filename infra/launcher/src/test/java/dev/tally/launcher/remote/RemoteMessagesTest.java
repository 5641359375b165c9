package dev.tally.launcher.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.CancelInvoice;
import dev.tally.kernel.invoice.FindInvoice;
import dev.tally.kernel.invoice.InvoiceView;
import dev.tally.kernel.mode.Mode;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.axon.CommandErrorDetails;
import dev.tally.platform.remote.RemotePeers;
import dev.tally.platform.remote.RemoteProperties;
import dev.tally.platform.remote.RoutedCommandBus;
import dev.tally.platform.remote.RoutedQueryBus;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.NoHandlerForCommandException;
import org.axonframework.commandhandling.SimpleCommandBus;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A service apart sends the commands and queries it has no handler for to a peer that has (here a whole node, over
 * real HTTP): the sender's gateways work on buses with no handler of their own. The outcome comes back as the
 * peer's handler gave it, a refusal with its details (what a saga records as needing attention); a peer that cannot
 * be reached is passed over; a message no peer handles, and a caller without the shared secret, are refused.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tally.admin.api-key=" + RemoteMessagesTest.ADMIN_KEY,
                      "tally.remote.secret=" + RemoteMessagesTest.SECRET})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@DirtiesContext // used by this class only: its connections go back before the next context opens its own
class RemoteMessagesTest {
    static final String ADMIN_KEY = "tly_admin_remote_messages_0123456789abc";
    static final String SECRET = "remote-messages-shared-secret";
    /** Nothing listens there: a peer that is down. */
    private static final URI DOWN = URI.create("http://127.0.0.1:1");

    @LocalServerPort
    int port;

    @Autowired
    Serializer serializer;

    record NobodyHandlesThis(String what) {
    }

    @Test
    void aPeersCommandOutcomeComesBackAndARefusalKeepsItsDetails() {
        HttpApi api = new HttpApi(port);
        JsonNode merchant = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Remote\"}").json();
        String key = merchant.get("testApiKey").asText();
        String id = api.post("/api/v1/invoices", key, HttpApi.json(Map.of("amount", "3.00", "asset", "USDT",
                                                                          "chain", "tron", "orderId", "remote-1")))
                       .json().get("id").asText();
        CancelInvoice cancel = new CancelInvoice(InvoiceId.of(id), MerchantId.of(merchant.get("id").asText()),
                                                 Mode.TEST);
        CommandGateway commands = commands(SECRET, DOWN, self());

        commands.sendAndWait(cancel);
        assertThat(api.get("/api/v1/invoices/" + id, key).json().get("status").asText()).isEqualTo("CANCELLED");

        // The invoice is a test one: cancelled as a live one, its aggregate refuses.
        CancelInvoice asLive = new CancelInvoice(cancel.invoiceId(), cancel.merchantId(), Mode.LIVE);
        assertThatThrownBy(() -> commands.sendAndWait(asLive))
                .isInstanceOfSatisfying(CommandExecutionException.class, refused -> assertThat(refused.getDetails())
                        .get().isInstanceOfSatisfying(CommandErrorDetails.class,
                                                      details -> assertThat(details.code())
                                                              .isEqualTo(ErrorCode.NOT_FOUND)));
    }

    @Test
    void aPeersQueryAnswerComesInTheTypeAsked() {
        HttpApi api = new HttpApi(port);
        JsonNode merchant = api.post("/api/v1/merchants", ADMIN_KEY, "{\"name\":\"Remote reads\"}").json();
        String id = api.post("/api/v1/invoices", merchant.get("testApiKey").asText(),
                             HttpApi.json(Map.of("amount", "5.25", "asset", "USDT", "chain", "tron",
                                                 "orderId", "remote-2")))
                       .json().get("id").asText();
        MerchantId merchantId = MerchantId.of(merchant.get("id").asText());
        QueryGateway queries = DefaultQueryGateway.builder()
                                                  .queryBus(new RoutedQueryBus(SimpleQueryBus.builder().build(),
                                                                               peers(SECRET, DOWN, self())))
                                                  .build();

        Optional<InvoiceView> found = queries.query(new FindInvoice(merchantId, InvoiceId.of(id), Mode.TEST),
                                                    ResponseTypes.optionalInstanceOf(InvoiceView.class)).join();
        assertThat(found).get().satisfies(invoice -> {
            assertThat(invoice.id().value()).isEqualTo(id);
            assertThat(invoice.amount()).isEqualTo("5.25");
        });
        assertThat(queries.query(new FindInvoice(merchantId, InvoiceId.of(id), Mode.LIVE),
                                 ResponseTypes.optionalInstanceOf(InvoiceView.class)).join())
                .as("not in live mode").isEmpty();
    }

    @Test
    void aMessageNoPeerHandlesAndACallerWithoutTheSecretAreRefused() {
        assertThatThrownBy(() -> commands(SECRET, DOWN, self()).sendAndWait(new NobodyHandlesThis("x")))
                .isInstanceOf(NoHandlerForCommandException.class);
        assertThatThrownBy(() -> commands("not-the-secret", self()).sendAndWait(new NobodyHandlesThis("x")))
                .isInstanceOf(RemotePeers.RemoteFailure.class).hasMessageContaining("401");
        HttpApi.Answer anonymous = new HttpApi(port).send(HttpRequest.newBuilder(self().resolve(
                "/internal/messages/commands")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"1\",\"name\":\"x\"}")));
        assertThat(anonymous.status()).isEqualTo(401);
    }

    private URI self() {
        return URI.create("http://127.0.0.1:" + port);
    }

    private CommandGateway commands(String secret, URI... peers) {
        return DefaultCommandGateway.builder()
                                    .commandBus(new RoutedCommandBus(SimpleCommandBus.builder().build(),
                                                                     peers(secret, peers)))
                                    .build();
    }

    private RemotePeers peers(String secret, URI... peers) {
        RemoteProperties properties = new RemoteProperties();
        properties.setPeers(List.of(peers));
        properties.setSecret(secret);
        return new RemotePeers(properties, serializer);
    }
}
