package dev.tally.platform.web;

import dev.tally.platform.web.text.TextHygieneModule;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.platform.axon.ReadModel;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/** Shared HTTP behaviour: problem+json errors, the request body limit, read-your-writes. */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@Import({ApiExceptionHandler.class, ProblemErrorController.class, OpenApiConfiguration.class})
public class WebAutoConfiguration {

    @Bean
    public FilterRegistrationBean<RequestBodyLimitFilter> requestBodyLimitFilter(
            @Value("${tally.http.max-body-size:64KB}") DataSize limit, ObjectMapper mapper) {
        var registration = new FilterRegistrationBean<>(new RequestBodyLimitFilter(limit.toBytes(), mapper));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    /** Every JSON request body is read through the text rule (Spring Boot adds Module beans to its mapper). */
    /**
     * Tomcat's own error answers as problem+json: the valve is the host's error report valve (so Tomcat adds no
     * HTML one), and the innermost one, so it answers first.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReportValve() {
        return factory -> factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                host.getPipeline().addValve(new ProblemErrorReportValve());
            }
        });
    }

    @Bean
    public TextHygieneModule textHygieneModule() {
        return new TextHygieneModule();
    }

    /** Waits on the views only where they are: in a process that has read models. */
    @Bean
    public ReadYourWrites readYourWrites(QueryGateway queryGateway, ListableBeanFactory beans,
                                         @Value("${tally.http.read-your-writes-timeout:5s}") Duration timeout) {
        return new ReadYourWrites(queryGateway, timeout, beans.getBeanNamesForAnnotation(ReadModel.class).length > 0);
    }
}
