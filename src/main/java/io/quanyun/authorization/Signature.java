package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A signature on an agreement: who signed, for whom, when, and the SM3 hash of the rendered document signed.
 *
 * @param onBehalfOf the legal representative (operator) or the authorizing organization the signer acts for
 */
@Table("agreement_signature")
public record Signature(SigningParty party, UUID signerUserId, String signerName, @Nullable String onBehalfOf,
        UUID organizationId, Instant signedAt, String documentHash) {
    public Signature {
        requireNonNull(party, "party is null");
        requireNonNull(signerUserId, "signerUserId is null");
        requireNonNull(signerName, "signerName is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(signedAt, "signedAt is null");
        requireNonNull(documentHash, "documentHash is null");
    }
}
