package dev.tally.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.kernel.error.ErrorCode;
import dev.tally.platform.web.Problems;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;

/**
 * API-key security for every Tally service: {@code /api/v1/**} needs a key except {@code /api/v1/public/**};
 * controllers state the role and scope they need with {@code @PreAuthorize}. Failures are problem+json.
 */
@AutoConfiguration(before = org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration.class)
@EnableMethodSecurity
public class SecurityAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    public AdminKey adminKey(@Value("${tally.admin.api-key:}") String configured) {
        return AdminKey.from(configured);
    }

    @Bean
    public ApiKeyAuthenticationProvider apiKeyAuthenticationProvider(AdminKey adminKey, QueryGateway queryGateway) {
        return new ApiKeyAuthenticationProvider(adminKey, queryGateway);
    }

    @Bean
    public SecurityFilterChain tallySecurityFilterChain(HttpSecurity http, ApiKeyAuthenticationProvider provider,
                                                       ObjectMapper mapper) throws Exception {
        AuthenticationEntryPoint entryPoint = (request, response, e) -> {
            if (e instanceof AuthenticationServiceException) {
                Problems.write(response, mapper, Problems.of(ErrorCode.SERVICE_UNAVAILABLE, e.getMessage()),
                               request.getRequestURI());
                return;
            }
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            String detail = request.getHeader(HttpHeaders.AUTHORIZATION) == null
                    ? "an API key is required: send 'Authorization: Bearer <API key>'"
                    : e.getMessage();
            Problems.write(response, mapper, Problems.of(ErrorCode.UNAUTHENTICATED, detail), request.getRequestURI());
        };
        AccessDeniedHandler accessDenied = (request, response, e) -> Problems.write(response, mapper,
                Problems.of(ErrorCode.FORBIDDEN, "this API key may not perform this operation"),
                request.getRequestURI());

        return http
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authenticationProvider(provider)
                .addFilterBefore(new ApiKeyAuthenticationFilter(provider, entryPoint), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(entryPoint).accessDeniedHandler(accessDenied))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/v1/public/**").permitAll()
                        .requestMatchers("/api/**").authenticated()
                        .anyRequest().permitAll())
                .build();
    }
}
