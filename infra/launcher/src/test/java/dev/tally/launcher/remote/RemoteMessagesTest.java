package dev.tally.launcher.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.tally.kernel.error.DomainException;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.kernel.ids.InvoiceId;
import dev.tally.kernel.ids.MerchantId;
import dev.tally.kernel.invoice.FindInvoice;
import dev.tally.kernel.invoice.InvoiceView;
import dev.tally.kernel.mode.Mode;
import dev.tally.launcher.HttpApi;
import dev.tally.launcher.TallyApplication;
import dev.tally.platform.remote.RemotePeers;
import dev.tally.platform.remote.RemoteProperties;
import dev.tally.platform.remote.RoutedQueryBus;
import dev.tally.platform.test.FreshDatabaseInitializer;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.NoHandlerForQueryException;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A service apart asks the queries it has no handler for of a peer that has (here a whole node, over real HTTP): the
 * sender's gateway works on a bus with no handler of its own. The answer comes back in the type the sender asked for,
 * a refusal as the same refusal; a peer that cannot be reached is passed over; a query no peer answers, and a caller
 * without the shared secret, are refused; a peer that is no Tally service, or none reachable, is a failure to retry.
 */
@SpringBootTest(classes = TallyApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tally.admin.api-key=" + RemoteMessagesTest.ADMIN_KEY,
                      "tally.remote.secret=" + RemoteMessagesTest.SECRET})
@ContextConfiguration(initializers = FreshDatabaseInitializer.class)
@Import(RemoteMessagesTest.Refusing.class)
@DirtiesContext // used by this class only: its connections go back before the next context opens its own
class RemoteMessagesTest {
    static final String ADMIN_KEY = "tly_admin_remote_messages_0123456789abc";
    static final String SECRET = "remote-messages-shared-secret-0123456789";
    /** Nothing listens there: a peer that is down. */
    private static final URI DOWN = URI.create("http://127.0.0.1:1");

    @LocalServerPort
    int port;

    @Autowired
    Serializer serializer;

    record NobodyAnswersThis(String what) {
    }

    record RefuseThis(String why) {
    }

    /** A handler on the node that refuses, as a view's handler refuses a bad cursor. */
    @TestConfiguration
    static class Refusing {
        @Bean
        RefusingHandler refusingHandler() {
            return new RefusingHandler();
        }
    }

    static class RefusingHandler {
        @QueryHandler
        String handle(RefuseThis query) {
            throw DomainException.ruleViolation("refused: " + query.why());
        }
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
        QueryGateway queries = queries(SECRET, DOWN, self());

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
    void aQueryNoPeerAnswersAndACallerWithoutTheSecretAreRefused() {
        QueryGateway nobody = queries(SECRET, self());
        assertThat(nobody.query(new NobodyAnswersThis("x"), String.class))
                .failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(NoHandlerForQueryException.class);
        QueryGateway stranger = queries("not-the-secret-but-long-enough-0123456789", self());
        assertThat(stranger.query(new NobodyAnswersThis("y"), String.class))
                .failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                .withCauseInstanceOf(RemotePeers.RemoteFailure.class).withMessageContaining("401");
        // A refusal of the peer's handler is the same refusal here: its error code kept, for the caller's 4xx.
        assertThat(queries(SECRET, self()).query(new RefuseThis("bad cursor"), String.class))
                .failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOfSatisfying(DomainException.class, refused -> {
                    assertThat(refused.code()).isEqualTo(ErrorCode.RULE_VIOLATION);
                    assertThat(refused.getMessage()).isEqualTo("refused: bad cursor");
                });
        HttpApi.Answer anonymous = new HttpApi(port).send(HttpRequest.newBuilder(self().resolve(
                "/internal/messages/queries")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"1\",\"name\":\"x\"}")));
        assertThat(anonymous.status()).isEqualTo(401);
    }

    @Test
    void aPeerThatIsNoTallyServiceIsAFailureNotAMissingHandler() throws Exception {
        HttpServer elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        elsewhere.start();
        try {
            URI notTally = URI.create("http://127.0.0.1:" + elsewhere.getAddress().getPort());
            assertThat(queries(SECRET, notTally, self()).query(new NobodyAnswersThis("z"), String.class))
                    .failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(RemotePeers.RemoteFailure.class).withMessageContaining("404");
            assertThat(queries(SECRET, DOWN).query(new NobodyAnswersThis("z"), String.class))
                    .as("no peer reachable: a failure to retry, not a missing handler")
                    .failsWithin(Duration.ofSeconds(30)).withThrowableOfType(ExecutionException.class)
                    .withCauseInstanceOf(RemotePeers.RemoteFailure.class);
        } finally {
            elsewhere.stop(0);
        }
    }

    private URI self() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A gateway on a bus with no handler of its own: every query goes to the peers. */
    private QueryGateway queries(String secret, URI... peers) {
        return DefaultQueryGateway.builder()
                                  .queryBus(new RoutedQueryBus(SimpleQueryBus.builder().build(), peers(secret, peers)))
                                  .build();
    }

    private RemotePeers peers(String secret, URI... peers) {
        RemoteProperties properties = new RemoteProperties();
        properties.setPeers(List.of(peers));
        properties.setSecret(secret);
        return new RemotePeers(properties, serializer);
    }
}
