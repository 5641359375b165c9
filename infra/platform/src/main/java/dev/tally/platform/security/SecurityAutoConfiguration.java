package dev.tally.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.platform.ratelimit.ClientRateLimits;
import dev.tally.platform.web.Problems;
import org.axonframework.config.ConfigurerModule;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

import javax.sql.DataSource;

/**
 * API-key security for every Tally service: {@code /api/v1/**} needs a key except {@code /api/v1/public/**}; the
 * {@link ApiAccessPolicy} table says which role and scope each endpoint needs (controllers may repeat it with
 * {@code @PreAuthorize}). Failures are problem+json; a missing scope is named. With rate limits on, every request is
 * charged to its key, or to its client IP when it is anonymous on a public path or fails to authenticate.
 */
@AutoConfiguration(before = org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration.class)
@EnableMethodSecurity
@EnableConfigurationProperties(TallySecurityProperties.class)
public class SecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public AdminKey adminKey(@Value("${tally.admin.api-key:}") String configured) {
        return AdminKey.from(configured);
    }

    @Bean
    @ConditionalOnMissingBean
    public ApiAccessPolicy apiAccessPolicy() {
        return ApiAccessPolicy.tally();
    }

    @Bean
    ApiAccessOpenApiCustomizer apiAccessOpenApiCustomizer(ApiAccessPolicy policy,
                                                          ObjectProvider<ClientRateLimits> rateLimits) {
        return new ApiAccessOpenApiCustomizer(policy, rateLimits.getIfAvailable() != null);
    }

    /** The credentials table, read directly: a service apart from the command side authenticates keys too. */
    @Bean
    @ConditionalOnMissingBean
    public ApiKeyOwners apiKeyOwners(DataSource dataSource) {
        return new CredentialsTable(JdbcClient.create(dataSource));
    }

    @Bean
    public ApiKeyAuthenticationProvider apiKeyAuthenticationProvider(AdminKey adminKey, ApiKeyOwners owners,
                                                                     TallySecurityProperties properties) {
        return new ApiKeyAuthenticationProvider(adminKey, owners, properties.getApiKeyCache());
    }

    @Bean
    public ApiKeyCacheInvalidation apiKeyCacheInvalidation(ApiKeyAuthenticationProvider provider) {
        return new ApiKeyCacheInvalidation(provider);
    }

    /** Subscribing: the cache forgets a key in the very unit of work that revokes it (after it commits). */
    @Bean
    public ConfigurerModule apiKeyCacheProcessor() {
        return configurer -> configurer.eventProcessing(processing -> processing
                .registerSubscribingEventProcessor(ApiKeyCacheInvalidation.GROUP)
                .assignProcessingGroup(ApiKeyCacheInvalidation.GROUP, ApiKeyCacheInvalidation.GROUP));
    }

    @Bean
    public SecurityFilterChain tallySecurityFilterChain(HttpSecurity http, ApiKeyAuthenticationProvider provider,
                                                       ApiAccessPolicy policy, ObjectMapper mapper,
                                                       ObjectProvider<ClientRateLimits> rateLimits) throws Exception {
        ClientRateLimits limits = rateLimits.getIfAvailable();
        AuthenticationEntryPoint entryPoint = (request, response, e) -> {
            if (e instanceof AuthenticationServiceException) {
                response.setHeader(HttpHeaders.RETRY_AFTER, "5");
                Problems.write(response, mapper, Problems.of(ErrorCode.SERVICE_UNAVAILABLE, e.getMessage()),
                               request.getRequestURI());
                return;
            }
            // A failed authentication is unauthenticated traffic: it counts against the client's address.
            if (limits != null && !limits.admitByIp(request, response)) {
                return;
            }
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            String detail = request.getHeader(HttpHeaders.AUTHORIZATION) == null
                    ? "an API key is required: send 'Authorization: Bearer <API key>'"
                    : e.getMessage();
            Problems.write(response, mapper, Problems.of(ErrorCode.UNAUTHENTICATED, detail), request.getRequestURI());
        };
        AccessDeniedHandler accessDenied = (request, response, e) -> {
            ProblemDetail problem = Problems.of(ErrorCode.FORBIDDEN, "this API key may not perform this operation");
            if (e instanceof AuthorizationDeniedException denied
                && denied.getAuthorizationResult() instanceof ApiAccessAuthorizationManager.Refused refused) {
                ApiAccessPolicy.Refusal refusal = refused.refusal();
                if (refusal.missingScope() != null) {
                    problem = Problems.of(ErrorCode.INSUFFICIENT_SCOPE, refusal.message());
                    problem.setProperty("requiredScope", refusal.missingScope());
                } else {
                    problem = Problems.of(ErrorCode.FORBIDDEN, refusal.message());
                }
            }
            Problems.write(response, mapper, problem, request.getRequestURI());
        };

        stateless(http)
                .authenticationProvider(provider)
                .addFilterBefore(new ApiKeyAuthenticationFilter(provider, entryPoint), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/v1/public/**").permitAll()
                        .requestMatchers("/api/**").access(new ApiAccessAuthorizationManager(policy))
                        .anyRequest().permitAll());
        if (limits != null) {
            http.addFilterAfter(new ClientRateLimitFilter(limits), ApiKeyAuthenticationFilter.class);
        }
        return http.build();
    }

    /** A filter chain for machines, not browsers: no CSRF, basic or form login, logout, saved requests or session. */
    public static HttpSecurity stateless(HttpSecurity http) throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                   .httpBasic(AbstractHttpConfigurer::disable)
                   .formLogin(AbstractHttpConfigurer::disable)
                   .logout(AbstractHttpConfigurer::disable)
                   .requestCache(AbstractHttpConfigurer::disable)
                   .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
    }
}
