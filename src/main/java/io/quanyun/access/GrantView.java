package io.quanyun.access;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A grant as shown in the console and the API, with who answers for it (Art. 14): the authorizer supervises
 * (谁授权谁监管) and the operator's legal representative is the first responsible person (谁运营谁负责).
 *
 * @param responsiblePerson the operator's legal representative, null when the operator has not recorded one
 * @param stateReason why it was last suspended, restored or ended
 */
public record GrantView(GrantDescriptor grant, String operatorName, String authorizerName,
        @Nullable String responsiblePerson, @Nullable String stateReason, Instant createdAt, Instant updatedAt) {
}
