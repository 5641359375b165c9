package dev.tally.platform.remote;

import dev.tally.platform.security.SecurityAutoConfiguration;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryBus;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * Services deployed apart ask one another the queries that only another service answers ({@code tally.remote.*},
 * docs/scaling.md): the query gateway goes through {@link RoutedQueryBus}, and {@code /internal/messages/**} takes
 * the peers' queries. With no peers configured every query stays in the process, exactly as the launcher runs.
 * Commands never travel: each is decided in the process that sends it, on the shared event store.
 */
@AutoConfiguration(before = AxonAutoConfiguration.class)
@EnableConfigurationProperties(RemoteProperties.class)
public class RemoteAutoConfiguration {

    @Bean
    public RemotePeers remotePeers(RemoteProperties properties, Serializer serializer) {
        return new RemotePeers(properties, serializer);
    }

    /** Axon's query gateway, on the routed bus when peers are configured. */
    @Bean
    public QueryGateway queryGateway(QueryBus queryBus, RemotePeers peers) {
        return DefaultQueryGateway.builder()
                                  .queryBus(peers.any() ? new RoutedQueryBus(queryBus, peers) : queryBus)
                                  .build();
    }

    @Bean
    @ConditionalOnProperty(prefix = "tally.remote", name = "secret")
    RemoteMessagesController remoteMessagesController(QueryBus queryBus, Serializer serializer,
                                                      RemoteProperties properties) {
        return new RemoteMessagesController(queryBus, serializer);
    }

    /**
     * The peers' path, apart from the API's security: the shared secret is checked first ({@link PeerSecretFilter}),
     * and a peer's queries are neither API-key authenticated nor rate-limited as a client's.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @ConditionalOnProperty(prefix = "tally.remote", name = "secret")
    SecurityFilterChain remoteMessagesFilterChain(HttpSecurity http, RemoteProperties properties) throws Exception {
        return SecurityAutoConfiguration.stateless(http.securityMatcher("/internal/messages/**"))
                   .addFilterBefore(new PeerSecretFilter(properties.getSecret()), AnonymousAuthenticationFilter.class)
                   .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                   .build();
    }
}
