package dev.tally.platform.web;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header and the bearer API-key scheme that the controllers refer to as "apiKey". */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    @Bean
    public OpenAPI tallyOpenApi(@Value("${spring.application.name:tally}") String name) {
        return new OpenAPI()
                .info(new Info().title("Tally API").version("v1")
                                .description("Event-sourced stablecoin checkout. Errors are RFC 9457 problems with "
                                             + "stable type URIs (urn:tally:problem:<code>).")
                                .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes("apiKey", new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("API key")
                        .description("Authorization: Bearer <API key>. Merchant keys start with tly_live_; the "
                                     + "admin key is configured with TALLY_ADMIN_API_KEY.")));
    }
}
