package io.quanyun.identity.web;

import java.io.IOException;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import io.quanyun.identity.IdentityManagement;
import io.quanyun.shared.ErrorCode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Reads {@code Authorization: Bearer qy_...} on API requests and puts the token's actor in the context. */
final class BearerTokenFilter extends OncePerRequestFilter {

    private final IdentityManagement identity;

    BearerTokenFilter(IdentityManagement identity) {
        this.identity = identity;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            var actor = identity.actorForToken(token, request.getRemoteAddr());
            if (actor.isEmpty()) {
                ProblemWriter.write(request, response, ErrorCode.TOKEN_INVALID, "The bearer token is invalid or has expired");
                return;
            }
            SecurityContext context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(PlatformAuthenticationProvider.authenticated(actor.get()));
            SecurityContextHolder.setContext(context);
        }
        chain.doFilter(request, response);
    }
}
