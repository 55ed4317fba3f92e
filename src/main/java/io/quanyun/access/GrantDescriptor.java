package io.quanyun.access;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A grant as other modules see it.
 *
 * @param authorizerId the organization that authorized the operator and supervises this use (Art. 14)
 * @param consentPurpose the purpose the data subjects consented to, when sensitive personal fields are granted;
 *        only rows of consenting subjects are visible then
 */
public record GrantDescriptor(UUID id, UUID requestId, UUID operatorId, UUID agreementId, UUID authorizerId,
        String scenario, List<GrantedDataset> datasets, PrivacyTerms privacy, @Nullable String consentPurpose,
        Instant expiresAt, GrantState state) {

    public GrantDescriptor {
        datasets = List.copyOf(datasets);
    }

    public boolean isActive() {
        return state == GrantState.ACTIVE;
    }
}
