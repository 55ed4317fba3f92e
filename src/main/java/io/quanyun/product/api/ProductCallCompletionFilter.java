package io.quanyun.product.api;

import java.io.IOException;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

/**
 * The outermost filter of product calls: marks the request as one whose call may complete asynchronously, and
 * tells the call's {@link CallCompletion} when the container's thread has left the whole filter chain (every
 * filter done with the response), so that the response is written only then.
 */
final class ProductCallCompletionFilter implements Filter {

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.setAttribute(CallCompletion.FILTERED, Boolean.TRUE);
        try {
            chain.doFilter(request, response);
        } finally {
            CallCompletion.containerReturned(request);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication
    static class Registration {

        @Bean
        FilterRegistrationBean<ProductCallCompletionFilter> productCallCompletionFilter() {
            FilterRegistrationBean<ProductCallCompletionFilter> registration = new FilterRegistrationBean<>(
                    new ProductCallCompletionFilter());
            registration.addUrlPatterns("/api/v1/products/*");
            registration.setDispatcherTypes(DispatcherType.REQUEST);
            registration.setAsyncSupported(true);
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
            return registration;
        }
    }
}
