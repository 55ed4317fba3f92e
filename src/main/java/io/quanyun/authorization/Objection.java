package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.Violations;

/** An objection to a shortlisted application, filed by anyone during public notice (Art. 8(3)). */
@Table("authorization_objection")
final class Objection {

    private final @Id UUID id;
    private final UUID callId;
    private final UUID applicationId;
    private final String text;
    private final String contactName;
    private final String contactDetails;
    private ObjectionState state;
    private @Nullable String answer;
    private final Instant filedAt;
    private @Nullable Instant answeredAt;
    private @Nullable String answeredBy;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Objection(UUID id, UUID callId, UUID applicationId, String text, String contactName, String contactDetails,
            ObjectionState state, @Nullable String answer, Instant filedAt, @Nullable Instant answeredAt,
            @Nullable String answeredBy, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.callId = requireNonNull(callId, "callId is null");
        this.applicationId = requireNonNull(applicationId, "applicationId is null");
        this.text = requireNonNull(text, "text is null");
        this.contactName = requireNonNull(contactName, "contactName is null");
        this.contactDetails = requireNonNull(contactDetails, "contactDetails is null");
        this.state = requireNonNull(state, "state is null");
        this.answer = answer;
        this.filedAt = requireNonNull(filedAt, "filedAt is null");
        this.answeredAt = answeredAt;
        this.answeredBy = answeredBy;
        this.version = version;
    }

    static Objection file(UUID callId, UUID applicationId, @Nullable String text, @Nullable String contactName,
            @Nullable String contactDetails, Instant now) {
        Violations.create()
                .check(text != null && !text.isBlank() && text.length() <= 4000, "text",
                        "异议内容必填，不超过4000字 (the objection text is required, at most 4000 characters)")
                .check(contactName != null && !contactName.isBlank() && contactName.length() <= 100, "contactName",
                        "联系人必填 (a contact name is required)")
                .check(contactDetails != null && !contactDetails.isBlank() && contactDetails.length() <= 200,
                        "contactDetails", "联系方式必填 (contact details are required)")
                .throwIfAny();
        return new Objection(UUID.randomUUID(), callId, applicationId, text.trim(), contactName.trim(),
                contactDetails.trim(), ObjectionState.FILED, null, now, null, null, null);
    }

    /** Answers: upheld (the application leaves the shortlist) or dismissed, with reasons either way. */
    void answer(boolean upheld, @Nullable String reasons, String by, Instant now) {
        Violations.create().check(reasons != null && !reasons.isBlank() && reasons.length() <= 4000, "answer",
                "答复须说明理由 (an answer gives its reasons)").throwIfAny();
        ObjectionState target = upheld ? ObjectionState.UPHELD : ObjectionState.DISMISSED;
        if (!state.canMoveTo(target)) {
            throw Transitions.illegal("objection", id, state, target);
        }
        state = target;
        answer = reasons.trim();
        answeredAt = now;
        answeredBy = by;
    }

    /** The view; contact details only for the authority. */
    ObjectionView view(boolean withContact) {
        return new ObjectionView(id, callId, applicationId, text, withContact ? contactName : null,
                withContact ? contactDetails : null, state, answer, filedAt, answeredAt);
    }

    UUID id() { return id; }
    UUID callId() { return callId; }
    UUID applicationId() { return applicationId; }
    ObjectionState state() { return state; }
}
