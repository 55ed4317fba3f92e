package io.quanyun.supervision;

import org.jspecify.annotations.Nullable;

/** Command: the authority tunes a monitoring rule. */
public record TuneRule(@Nullable Severity severity, @Nullable Integer threshold, @Nullable Integer windowMinutes,
        @Nullable Boolean enabled, @Nullable Boolean suspendOnCritical) {
}
