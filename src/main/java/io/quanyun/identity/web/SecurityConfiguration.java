package io.quanyun.identity.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

import io.quanyun.identity.IdentityManagement;
import io.quanyun.shared.ErrorCode;

/**
 * Two filter chains: the JSON API under {@code /api/**} is stateless and takes bearer tokens; the console
 * uses form sign-in with a session, CSRF protection and strict headers. Both deny by default; the services
 * check permissions again.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class SecurityConfiguration {

    /**
     * No observation around each filter of a security chain (Spring Security wraps every filter in one when an
     * observation registry exists, and counts an event per filter and request: a large share of a product call's
     * cost). Requests are still observed as a whole ({@code http.server.requests}); authentication and
     * authorization stay observed.
     */
    @Bean
    org.springframework.security.config.observation.SecurityObservationSettings securityObservationSettings() {
        return org.springframework.security.config.observation.SecurityObservationSettings.withDefaults()
                .shouldObserveRequests(false).build();
    }

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
            + "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'; object-src 'none'";


    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, IdentityManagement identity) throws Exception {
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(HttpMethod.POST, "/api/v1/auth/token").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/public/**", "/api/v1/catalog/**").permitAll()
                        .anyRequest().authenticated())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .addFilterBefore(new BearerTokenFilter(identity), UsernamePasswordAuthenticationFilter.class)
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) -> ProblemWriter.write(request, response,
                                ErrorCode.UNAUTHENTICATED, "Send a bearer token from POST /api/v1/auth/token"))
                        .accessDeniedHandler((request, response, e) -> ProblemWriter.write(request, response,
                                ErrorCode.FORBIDDEN, "You are not allowed to do this")))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives("default-src 'none'; frame-ancestors 'none'")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain consoleChain(HttpSecurity http, IdentityManagement identity) throws Exception {
        http.authorizeHttpRequests(requests -> requests
                        .requestMatchers("/", "/login", "/error", "/css/**", "/js/**", "/img/**", "/webjars/**",
                                "/favicon.ico", "/portal/**", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus", "/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html")
                        .permitAll()
                        .requestMatchers(HttpMethod.GET, "/catalog", "/catalog/**").permitAll()
                        .anyRequest().authenticated())
                .authenticationManager(new ProviderManager(new PlatformAuthenticationProvider(identity)))
                .formLogin(form -> form.loginPage("/login").defaultSuccessUrl("/home", true)
                        .failureHandler((request, response, e) -> {
                            String reason = e instanceof org.springframework.security.authentication.LockedException
                                    ? "locked" : "bad";
                            response.sendRedirect(request.getContextPath() + "/login?error=" + reason);
                        })
                        .permitAll())
                .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
                .sessionManagement(session -> session.sessionFixation(fixation -> fixation.changeSessionId()))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(
                                ReferrerPolicyHeaderWriter.ReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN))
                        .frameOptions(frame -> frame.deny()));
        return http.build();
    }
}
