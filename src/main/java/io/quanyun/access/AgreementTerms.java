package io.quanyun.access;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/**
 * What access needs to know of an authorized operation agreement: who operates, who authorized, which
 * datasets are in scope, until when.
 *
 * @param datasetIds the datasets in the agreement's scope (domains resolved to datasets by the provider of this)
 */
public record AgreementTerms(UUID agreementId, UUID operatorId, UUID authorizerId, Set<UUID> datasetIds,
        Instant endsAt, boolean active) {
    public AgreementTerms {
        datasetIds = Set.copyOf(datasetIds);
    }
}
