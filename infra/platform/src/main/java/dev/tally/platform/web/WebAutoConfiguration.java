package dev.tally.platform.web;

import dev.tally.platform.web.text.TextHygieneModule;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/** Shared HTTP behaviour: problem+json errors, the request body limit, read-your-writes. */
@AutoConfiguration
@Import({ApiExceptionHandler.class, OpenApiConfiguration.class})
public class WebAutoConfiguration {

    @Bean
    public FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
            @Value("${tally.http.max-body-size:64KB}") DataSize limit, ObjectMapper mapper) {
        var registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(limit.toBytes(), mapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Every JSON request body is read through the text rule (Spring Boot adds Module beans to its mapper). */
    @Bean
    public TextHygieneModule textHygieneModule() {
        return new TextHygieneModule();
    }

    @Bean
    public ReadYourWrites readYourWrites(QueryGateway queryGateway,
                                         @Value("${tally.http.read-your-writes-timeout:5s}") Duration timeout) {
        return new ReadYourWrites(queryGateway, timeout);
    }
}
