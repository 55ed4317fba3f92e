package io.quanyun.authorization;

import java.util.List;
import java.util.UUID;

import io.quanyun.catalog.Domain;

/** What an agreement authorizes: the call's datasets and domains. */
public record AgreementScope(UUID agreementId, List<ScopedDataset> datasets, List<Domain> domains) {
}
