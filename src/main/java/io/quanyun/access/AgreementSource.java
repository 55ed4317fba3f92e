package io.quanyun.access;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The agreements that requests are filed under. Implemented inside access by {@code AuthorizedAgreements},
 * which reads the authorization module's public facade; tests may substitute their own.
 */
public interface AgreementSource {

    Optional<AgreementTerms> find(UUID agreementId);

    /** The operator's agreements that are active now. */
    List<AgreementTerms> activeFor(UUID operatorId);
}
