package io.quanyun.access;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A hand-written fake of the authorization module's agreements, filled by the tests. */
final class InMemoryAgreements implements AgreementSource {

    private final Map<UUID, AgreementTerms> agreements = new ConcurrentHashMap<>();

    AgreementTerms add(UUID operatorId, UUID authorizerId, Set<UUID> datasets, Instant endsAt, boolean active) {
        AgreementTerms terms = new AgreementTerms(UUID.randomUUID(), operatorId, authorizerId, datasets, endsAt, active);
        agreements.put(terms.agreementId(), terms);
        return terms;
    }

    void put(AgreementTerms terms) {
        agreements.put(terms.agreementId(), terms);
    }

    @Override
    public Optional<AgreementTerms> find(UUID agreementId) {
        return Optional.ofNullable(agreements.get(agreementId));
    }

    @Override
    public List<AgreementTerms> activeFor(UUID operatorId) {
        return agreements.values().stream().filter(a -> a.operatorId().equals(operatorId) && a.active()).toList();
    }
}
