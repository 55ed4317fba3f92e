package io.quanyun.access;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.quanyun.authorization.AgreementExpired;
import io.quanyun.authorization.AgreementManagement;
import io.quanyun.authorization.AgreementScope;
import io.quanyun.authorization.AgreementState;
import io.quanyun.authorization.AgreementTerminated;
import io.quanyun.authorization.AgreementView;
import io.quanyun.authorization.ScopedDataset;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.QuanyunException;

/**
 * The agreements of the authorization module, as access needs them: an agreement's scope is its call's
 * datasets plus every published dataset of its domains. When an agreement expires or is terminated, every
 * grant under it ends (Art. 8(5)).
 */
@Component
class AuthorizedAgreements implements AgreementSource {

    private final AgreementManagement agreements;
    private final DatasetDirectory datasets;
    private final AccessManagement access;
    private final Clock clock;

    AuthorizedAgreements(AgreementManagement agreements, DatasetDirectory datasets, AccessManagement access,
            Clock clock) {
        this.agreements = agreements;
        this.datasets = datasets;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public Optional<AgreementTerms> find(UUID agreementId) {
        return Actors.runAs(Actor.system(), () -> {
            try {
                return Optional.of(terms(agreements.agreement(agreementId)));
            } catch (QuanyunException notFound) {
                return Optional.empty();
            }
        });
    }

    @Override
    public List<AgreementTerms> activeFor(UUID operatorId) {
        return Actors.runAs(Actor.system(), () -> agreements.agreements().stream()
                .filter(a -> a.operatorId().equals(operatorId) && a.state() == AgreementState.ACTIVE)
                .map(this::terms).filter(AgreementTerms::active).toList());
    }

    private AgreementTerms terms(AgreementView agreement) {
        AgreementScope scope = agreements.scopeOf(agreement.id());
        Set<UUID> datasetIds = new HashSet<>();
        scope.datasets().stream().map(ScopedDataset::datasetId).forEach(datasetIds::add);
        if (!scope.domains().isEmpty()) {
            for (DatasetDescriptor dataset : datasets.published()) {
                if (dataset.domains().stream().anyMatch(scope.domains()::contains)) {
                    datasetIds.add(dataset.id());
                }
            }
        }
        boolean active = agreement.state() == AgreementState.ACTIVE && agreement.endsAt() != null
                && agreement.endsAt().isAfter(clock.instant());
        return new AgreementTerms(agreement.id(), agreement.operatorId(), agreement.authorizerId(), datasetIds,
                agreement.endsAt() == null ? clock.instant() : agreement.endsAt(), active);
    }

    @ApplicationModuleListener
    void on(AgreementExpired event) {
        Actors.runAs(Actor.system(), () -> {
            access.endGrantsOfAgreement(event.agreementId(), "授权运营协议期满 (agreement expired)");
            return null;
        });
    }

    @ApplicationModuleListener
    void on(AgreementTerminated event) {
        Actors.runAs(Actor.system(), () -> {
            access.endGrantsOfAgreement(event.agreementId(), "授权运营协议终止 (agreement terminated): " + event.reason());
            return null;
        });
    }
}
