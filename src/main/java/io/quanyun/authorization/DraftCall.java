package io.quanyun.authorization;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.quanyun.catalog.Classification;
import io.quanyun.catalog.Domain;

/**
 * Drafts a call.
 *
 * @param providerId the authorizing data provider, for {@link CallMode#DOMAIN_SPECIFIC} drafted by the authority;
 *        ignored otherwise (a provider drafting names itself)
 * @param datasetIds published datasets in scope; core data is refused
 * @param grade for {@link CallMode#GRADED} only: the highest classification the call authorizes (general or
 *        important data); every dataset in scope must be at or below it
 */
public record DraftCall(@Nullable String title, @Nullable String description, @Nullable CallMode mode,
        @Nullable UUID providerId, @Nullable List<UUID> datasetIds, @Nullable List<Domain> domains,
        @Nullable List<RequiredDocument> requirements, @Nullable List<CriterionInput> criteria,
        @Nullable Instant opensAt, @Nullable Instant closesAt, int noticeDays, int termMonths,
        @Nullable Classification grade) {

    /** A call without a level (comprehensive or domain-specific). */
    public DraftCall(@Nullable String title, @Nullable String description, @Nullable CallMode mode,
            @Nullable UUID providerId, @Nullable List<UUID> datasetIds, @Nullable List<Domain> domains,
            @Nullable List<RequiredDocument> requirements, @Nullable List<CriterionInput> criteria,
            @Nullable Instant opensAt, @Nullable Instant closesAt, int noticeDays, int termMonths) {
        this(title, description, mode, providerId, datasetIds, domains, requirements, criteria, opensAt, closesAt,
                noticeDays, termMonths, null);
    }
}
