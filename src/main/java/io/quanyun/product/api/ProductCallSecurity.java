package io.quanyun.product.api;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Product calls authenticate with a subscription's API key ({@code X-Api-Key}), checked by
 * {@link io.quanyun.product.ProductCalls}, not with a user's bearer token: this chain, ahead of the platform's API
 * chain, lets {@code POST /api/v1/products/{id}/calls} (and, in bench mode only, the bare lookup) through.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class ProductCallSecurity {

    /** The calls endpoint and, in bench mode only, the bare lookup (compiled once: matched on every request). */
    private static final java.util.regex.Pattern CALLS = java.util.regex.Pattern.compile(
            "/api/v1/products/[0-9a-fA-F-]{36}/calls|/api/v1/bench/products/[0-9a-fA-F-]{36}/lookup");

    /**
     * A lean stateless chain: no session, security context, request cache, anonymous user, logout, servlet API
     * wrapper, exception translation or authorization filter (the chain authorized nothing itself: every request
     * was permitted and {@code ProductCalls} checks the key, the product, the limits and the consent). Only the
     * response headers are written (CSP {@code default-src 'none'}, nosniff, no caching, frame denial).
     */
    @Bean
    @Order(0)
    SecurityFilterChain productCallChain(HttpSecurity http) throws Exception {
        http.securityMatcher(request -> HttpMethod.POST.matches(request.getMethod())
                        && CALLS.matcher(request.getRequestURI()).matches())
                .sessionManagement(session -> session.disable())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .securityContext(context -> context.disable())
                .anonymous(anonymous -> anonymous.disable())
                .logout(logout -> logout.disable())
                .servletApi(servletApi -> servletApi.disable())
                .exceptionHandling(errors -> errors.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'none'; frame-ancestors 'none'")));
        return http.build();
    }

    /**
     * The data subject's channel ({@code /api/v1/subject/**}) authenticates with the identity provider's key or a
     * subject session, checked by {@link io.quanyun.product.SubjectConsents}, never with a platform user's token.
     */
    @Bean
    @Order(0)
    SecurityFilterChain subjectChannelChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/api/v1/subject/**")
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        "default-src 'none'; frame-ancestors 'none'")));
        return http.build();
    }
}
