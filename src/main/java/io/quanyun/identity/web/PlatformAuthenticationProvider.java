package io.quanyun.identity.web;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import io.quanyun.identity.IdentityManagement;
import io.quanyun.shared.Actor;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/** Form sign-in: delegates to {@link IdentityManagement#authenticate}, which counts failures and audits. */
final class PlatformAuthenticationProvider implements AuthenticationProvider {

    private final IdentityManagement identity;

    PlatformAuthenticationProvider(IdentityManagement identity) {
        this.identity = identity;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress() : null;
        try {
            Actor actor = identity.authenticate(authentication.getName(),
                    authentication.getCredentials() == null ? null : authentication.getCredentials().toString(),
                    address);
            return authenticated(actor);
        } catch (QuanyunException e) {
            if (e.code() == ErrorCode.ACCOUNT_LOCKED) {
                throw new LockedException(e.getMessage());
            }
            throw new BadCredentialsException(e.getMessage());
        }
    }

    static UsernamePasswordAuthenticationToken authenticated(Actor actor) {
        List<GrantedAuthority> authorities = actor.roles().stream()
                .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role.name())).toList();
        return UsernamePasswordAuthenticationToken.authenticated(new AuthenticatedUser(actor), null, authorities);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
