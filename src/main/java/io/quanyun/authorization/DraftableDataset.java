package io.quanyun.authorization;

import java.util.List;
import java.util.UUID;

import io.quanyun.catalog.Classification;
import io.quanyun.catalog.Domain;

/**
 * A published dataset as the call drafting form offers it.
 *
 * @param classification the strictest classification of its fields; core data can never be chosen
 */
public record DraftableDataset(UUID id, String code, String name, UUID providerId, String providerName,
        Classification classification, List<Domain> domains) {

    public DraftableDataset {
        domains = List.copyOf(domains);
    }

    public boolean authorizable() {
        return classification.isAuthorizable();
    }
}
