package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.AbstractAggregateRoot;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.Violations;
import io.quanyun.shared.Zones;

/** An authorization agreement (授权运营协议), Art. 8(4)-(5) and 9. */
@Table("authorization_agreement")
final class Agreement extends AbstractAggregateRoot<Agreement> {

    private final @Id UUID id;
    private final String number;
    private final UUID callId;
    private final UUID applicationId;
    private final UUID templateId;
    private final int templateVersion;
    private final CallMode mode;
    private final UUID operatorId;
    private final String operatorName;
    private final @Nullable String legalRepresentative;
    private final UUID authorizerId;
    private final String authorizerName;
    private final int termMonths;
    private AgreementState state;
    private final String documentName;
    private final String documentHash;
    private final Instant generatedAt;
    private @Nullable Instant activatedAt;
    private @Nullable Instant endsAt;
    private @Nullable Instant endedAt;
    private @Nullable String endReason;
    @MappedCollection(idColumn = "agreement_id", keyColumn = "position")
    private final List<Signature> signatures;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Agreement(UUID id, String number, UUID callId, UUID applicationId, UUID templateId, int templateVersion,
            CallMode mode, UUID operatorId, String operatorName, @Nullable String legalRepresentative,
            UUID authorizerId, String authorizerName, int termMonths, AgreementState state, String documentName,
            String documentHash, Instant generatedAt, @Nullable Instant activatedAt, @Nullable Instant endsAt,
            @Nullable Instant endedAt, @Nullable String endReason, List<Signature> signatures,
            @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.number = requireNonNull(number, "number is null");
        this.callId = requireNonNull(callId, "callId is null");
        this.applicationId = requireNonNull(applicationId, "applicationId is null");
        this.templateId = requireNonNull(templateId, "templateId is null");
        this.templateVersion = templateVersion;
        this.mode = requireNonNull(mode, "mode is null");
        this.operatorId = requireNonNull(operatorId, "operatorId is null");
        this.operatorName = requireNonNull(operatorName, "operatorName is null");
        this.legalRepresentative = legalRepresentative;
        this.authorizerId = requireNonNull(authorizerId, "authorizerId is null");
        this.authorizerName = requireNonNull(authorizerName, "authorizerName is null");
        this.termMonths = termMonths;
        this.state = requireNonNull(state, "state is null");
        this.documentName = requireNonNull(documentName, "documentName is null");
        this.documentHash = requireNonNull(documentHash, "documentHash is null");
        this.generatedAt = requireNonNull(generatedAt, "generatedAt is null");
        this.activatedAt = activatedAt;
        this.endsAt = endsAt;
        this.endedAt = endedAt;
        this.endReason = endReason;
        this.signatures = new ArrayList<>(signatures);
        this.version = version;
    }

    /** A generated agreement, rendered as {@code documentName} whose SM3 hash is {@code documentHash}. */
    static Agreement generate(UUID id, String number, UUID callId, UUID applicationId, UUID templateId,
            int templateVersion, CallMode mode, UUID operatorId, String operatorName,
            @Nullable String legalRepresentative, UUID authorizerId, String authorizerName, int termMonths,
            String documentName, String documentHash, Instant now) {
        return new Agreement(id, number, callId, applicationId, templateId, templateVersion, mode, operatorId,
                operatorName, legalRepresentative, authorizerId, authorizerName, termMonths,
                AgreementState.AWAITING_OPERATOR_SIGNATURE, documentName, documentHash, now, null, null, null, null,
                List.of(), null);
    }

    /**
     * Signs. The operator signs first, then the authorizer; the document must still match the hash it was
     * generated with. The second signature activates the agreement for its term.
     */
    void sign(SigningParty party, UUID signerUserId, String signerName, @Nullable String onBehalfOf,
            UUID organizationId, String currentDocumentHash, Instant now) {
        if (!documentHash.equals(currentDocumentHash)) {
            throw Transitions.refuse(ErrorCode.DOCUMENT_TAMPERED, "The stored document of agreement " + number
                    + " has SM3 " + currentDocumentHash + ", not " + documentHash, "agreement", id);
        }
        AgreementState target = switch (state) {
            case AWAITING_OPERATOR_SIGNATURE -> {
                if (party != SigningParty.OPERATOR) {
                    throw Transitions.refuse(ErrorCode.SIGNATURE_OUT_OF_ORDER,
                            "Agreement " + number + " waits for the operator's signature first", "agreement", id);
                }
                yield AgreementState.AWAITING_AUTHORIZER_SIGNATURE;
            }
            case AWAITING_AUTHORIZER_SIGNATURE -> {
                if (party != SigningParty.AUTHORIZER) {
                    throw Transitions.refuse(ErrorCode.ILLEGAL_STATE_TRANSITION,
                            "The operator has already signed agreement " + number, "agreement", id);
                }
                yield AgreementState.ACTIVE;
            }
            case ACTIVE, EXPIRED, TERMINATED -> throw Transitions.refuse(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "Agreement " + number + " is " + state + " and takes no further signature", "agreement", id);
        };
        transitionTo(target);
        signatures.add(new Signature(party, signerUserId, signerName, onBehalfOf, organizationId, now,
                currentDocumentHash));
        if (target == AgreementState.ACTIVE) {
            activatedAt = now;
            endsAt = now.atZone(Zones.SHANGHAI).plusMonths(termMonths).toInstant();
            registerEvent(new AgreementActivated(id, callId, operatorId, authorizerId, mode, now, endsAt));
        }
    }

    boolean isDueToExpireAt(Instant now) {
        return state == AgreementState.ACTIVE && endsAt != null && !now.isBefore(endsAt);
    }

    /** Ends the agreement at the end of its term (Art. 8(5)). */
    void expire(Instant now) {
        if (state == AgreementState.ACTIVE && !isDueToExpireAt(now)) {
            throw Transitions.refuse(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "Agreement " + number + " runs until " + endsAt, "agreement", id);
        }
        transitionTo(AgreementState.EXPIRED);
        endedAt = now;
        endReason = "授权期限届满 (the term ended)";
        registerEvent(new AgreementExpired(id, operatorId, authorizerId, now));
    }

    /** Terminates early, by the authorizer, with a reason. */
    void terminate(@Nullable String reason, Instant now) {
        Violations.create().check(reason != null && !reason.isBlank() && reason.length() <= 1000, "reason",
                "终止须说明理由 (a termination needs a reason)").throwIfAny();
        transitionTo(AgreementState.TERMINATED);
        endedAt = now;
        endReason = reason.trim();
        registerEvent(new AgreementTerminated(id, operatorId, authorizerId, endReason, now));
    }

    private void transitionTo(AgreementState target) {
        if (!state.canMoveTo(target)) {
            throw Transitions.illegal("agreement", id, state, target);
        }
        state = target;
    }

    AgreementView view() {
        return new AgreementView(id, number, callId, applicationId, templateVersion, mode, operatorId, operatorName,
                legalRepresentative, authorizerId, authorizerName, termMonths, state, documentHash, generatedAt,
                activatedAt, endsAt, endedAt, endReason, List.copyOf(signatures));
    }

    /** The events registered and not yet published (for tests). */
    java.util.Collection<Object> registeredEvents() { return domainEvents(); }

    UUID id() { return id; }
    String number() { return number; }
    UUID callId() { return callId; }
    CallMode mode() { return mode; }
    UUID operatorId() { return operatorId; }
    @Nullable String legalRepresentative() { return legalRepresentative; }
    UUID authorizerId() { return authorizerId; }
    String authorizerName() { return authorizerName; }
    AgreementState state() { return state; }
    String documentName() { return documentName; }
    String documentHash() { return documentHash; }
}
