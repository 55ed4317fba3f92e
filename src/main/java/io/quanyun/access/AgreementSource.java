package io.quanyun.access;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The agreements that requests are filed under. The authorization module provides the implementation;
 * access only reads through this port, so it never depends on authorization's internals.
 */
public interface AgreementSource {

    Optional<AgreementTerms> find(UUID agreementId);

    /** The operator's agreements that are active now. */
    List<AgreementTerms> activeFor(UUID operatorId);
}
