package io.quanyun.access;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.relational.core.mapping.Table;

/** One party's decision in one review round. */
@Table("scenario_request_decision")
record Decision(int reviewRound, ApprovalParty party, UUID organizationId, ApprovalOutcome outcome,
        @Nullable String reason, String decidedBy, Instant decidedAt) {

    Decision {
        requireNonNull(party, "party is null");
        requireNonNull(organizationId, "organizationId is null");
        requireNonNull(outcome, "outcome is null");
        requireNonNull(decidedBy, "decidedBy is null");
        requireNonNull(decidedAt, "decidedAt is null");
    }

    /** Whether this decision fills the given party's slot: any authority for the authority, else the provider. */
    boolean fills(ApprovalParty slot, @Nullable UUID provider) {
        return party == slot && (slot == ApprovalParty.AUTHORITY || organizationId.equals(provider));
    }
}
