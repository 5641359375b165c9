package dev.tally.query.page;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.time.Duration;

/** The pages' static assets (served by Tally, never a CDN) and the dashboard's session cookie filter. */
@Configuration(proxyBeanMethods = false)
class PagesConfiguration implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/tally/**")
                .addResourceLocations("classpath:/tally-assets/")
                .setCacheControl(CacheControl.maxAge(Duration.ofMinutes(5)));
    }

    @Bean
    FilterRegistrationBean<DashboardSessionFilter> dashboardSessionFilter(ObjectMapper mapper) {
        FilterRegistrationBean<DashboardSessionFilter> registration =
                new FilterRegistrationBean<>(new DashboardSessionFilter(mapper));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 10);
        registration.addUrlPatterns("/api/*");
        registration.setAsyncSupported(true);
        registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ASYNC,
                                        jakarta.servlet.DispatcherType.ERROR);
        return registration;
    }
}
