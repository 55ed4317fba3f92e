package io.quanyun.identity;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings bound to {@code quanyun.identity.*}.
 *
 * @param maximumFailedAttempts failed sign-ins in a row that lock an account
 * @param lockDuration how long a locked account stays locked
 * @param tokenLifetime how long an API token is valid
 */
@ConfigurationProperties("quanyun.identity")
public record IdentitySettings(@DefaultValue("5") int maximumFailedAttempts,
        @DefaultValue("15m") Duration lockDuration, @DefaultValue("8h") Duration tokenLifetime) {
}
