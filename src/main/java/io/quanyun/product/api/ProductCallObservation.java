package io.quanyun.product.api;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;

import io.micrometer.observation.ObservationPredicate;

/**
 * Product calls (and the bench-mode bare lookup) are not observed as {@code http.server.requests}: an observation
 * per request (context, key values, a timer looked up by its tags, the observation handlers) was a measurable part
 * of a call's CPU at thousands of calls per second. Each call is timed instead by a pre-registered timer per
 * outcome ({@code quanyun.product.calls}, {@link ProductCallHandler}); metering and audit are unaffected (they are
 * the product module's own, per call).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ProductCallObservation {

    @Bean
    ObservationPredicate productCallsNotObservedAsHttpRequests() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && isProductCall(server.getCarrier().getRequestURI()));
    }

    /** Whether a request path is a product call or the bare lookup (the paths {@link ProductCallMapping} serves). */
    static boolean isProductCall(String path) {
        return path.startsWith("/api/v1/") && (path.endsWith("/calls") && path.startsWith("/api/v1/products/")
                || path.endsWith("/lookup") && path.startsWith("/api/v1/bench/products/"));
    }
}
