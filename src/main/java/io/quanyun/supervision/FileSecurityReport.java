package io.quanyun.supervision;

import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Command: an operator administrator files its security report for a period ({@code 2026Q3}; the last finished
 * period when left out), with the template's sections filled in (keys from {@link SecurityReporting#SECTIONS}).
 */
public record FileSecurityReport(@Nullable String period, @Nullable Map<String, String> sections) {
}
