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
 * Verification calls authenticate with an API key ({@code X-Api-Key}), not a user's bearer token: this chain,
 * ahead of the platform's API chain, lets them through to {@link io.quanyun.product.ProductManagement#verify},
 * which checks the key's hash, the product, the consent, and audits every call.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class VerificationSecurity {

    @Bean
    @Order(0)
    SecurityFilterChain verificationChain(HttpSecurity http) throws Exception {
        http.securityMatcher(request -> HttpMethod.POST.matches(request.getMethod())
                        && request.getRequestURI().matches("/api/v1/products/[0-9a-fA-F-]{36}/verify"))
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
