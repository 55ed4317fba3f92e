package io.quanyun.product.web;

import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * The one portal form that arrives from another site: the identity provider's page posts the subject session secret
 * to {@code POST /portal/subject/enter}. It cannot carry the console's CSRF token (the provider never sees the
 * platform's pages), so this chain, ahead of the console's, leaves the token check out for that form only;
 * {@link SubjectPortalPages} checks the request's {@code Origin} instead (the platform or a configured provider),
 * which a browser sets itself and a third site cannot forge. Every other portal form keeps the CSRF token.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication
class SubjectPortalEntrySecurity {

    @Bean
    @Order(0)
    SecurityFilterChain subjectPortalEntryChain(HttpSecurity http) throws Exception {
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/portal/subject/enter"))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'"))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                        .frameOptions(frame -> frame.deny()));
        return http.build();
    }
}
