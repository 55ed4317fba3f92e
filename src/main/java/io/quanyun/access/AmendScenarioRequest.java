package io.quanyun.access;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Command: the operator rewrites a draft or a rejected request (the agreement stays the same). A rejected request
 * becomes a draft again; its next submission starts a new review round, so earlier approvals no longer count.
 */
public record AmendScenarioRequest(@Nullable String name, @Nullable String description, @Nullable String purpose,
        @Nullable List<String> intendedProducts, @Nullable Integer durationDays,
        @Nullable List<RequestedFields> datasets, @Nullable String consentPurpose) {
}
