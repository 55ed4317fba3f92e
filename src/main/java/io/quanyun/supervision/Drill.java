package io.quanyun.supervision;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** An emergency drill an authorizer held with an operator (Art. 15), recorded after the fact. */
@Table("drill")
final class Drill {

    private final @Id UUID id;
    private final UUID authorizerId;
    private final UUID operatorId;
    private final String scenario;
    private final LocalDate heldOn;
    private final String participants;
    private final String findings;
    private final String followUpActions;
    private final String recordedBy;
    private final Instant recordedAt;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Drill(UUID id, UUID authorizerId, UUID operatorId, String scenario, LocalDate heldOn, String participants,
            String findings, String followUpActions, String recordedBy, Instant recordedAt, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.authorizerId = requireNonNull(authorizerId, "authorizerId is null");
        this.operatorId = requireNonNull(operatorId, "operatorId is null");
        this.scenario = requireNonNull(scenario, "scenario is null");
        this.heldOn = requireNonNull(heldOn, "heldOn is null");
        this.participants = requireNonNull(participants, "participants is null");
        this.findings = requireNonNull(findings, "findings is null");
        this.followUpActions = requireNonNull(followUpActions, "followUpActions is null");
        this.recordedBy = requireNonNull(recordedBy, "recordedBy is null");
        this.recordedAt = requireNonNull(recordedAt, "recordedAt is null");
        this.version = version;
    }

    static Drill record(UUID authorizerId, RecordDrill command, String recordedBy, Instant now) {
        return new Drill(UUID.randomUUID(), authorizerId, requireNonNull(command.operatorId()),
                command.scenario().trim(), requireNonNull(command.heldOn()), command.participants().trim(),
                command.findings().trim(), command.followUpActions().trim(), recordedBy, now, null);
    }

    UUID id() {
        return id;
    }

    UUID authorizerId() {
        return authorizerId;
    }

    UUID operatorId() {
        return operatorId;
    }

    DrillView view() {
        return new DrillView(id, authorizerId, operatorId, scenario, heldOn, participants, findings, followUpActions,
                recordedBy, recordedAt);
    }
}
