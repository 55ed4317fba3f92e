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

/** One person's pre-job security training (Art. 15, 16): course, date, result, validity and evidence. */
@Table("training_record")
final class TrainingRecord {

    private final @Id UUID id;
    private final UUID organizationId;
    private final UUID userId;
    private final String username;
    private final String course;
    private final LocalDate trainedOn;
    private final TrainingResult result;
    private final LocalDate validUntil;
    private @Nullable String evidenceName;
    private @Nullable String evidenceSha256;
    private @Nullable Long evidenceSize;
    private final String recordedBy;
    private final Instant recordedAt;
    private boolean lapseNotified;
    private @Version @Nullable Long version;

    @PersistenceCreator
    TrainingRecord(UUID id, UUID organizationId, UUID userId, String username, String course,
            LocalDate trainedOn, TrainingResult result, LocalDate validUntil, @Nullable String evidenceName, @Nullable String evidenceSha256,
            @Nullable Long evidenceSize, String recordedBy, Instant recordedAt, boolean lapseNotified,
            @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.organizationId = requireNonNull(organizationId, "organizationId is null");
        this.userId = requireNonNull(userId, "userId is null");
        this.username = requireNonNull(username, "username is null");
        this.course = requireNonNull(course, "course is null");
        this.trainedOn = requireNonNull(trainedOn, "trainedOn is null");
        this.result = requireNonNull(result, "result is null");
        this.validUntil = requireNonNull(validUntil, "validUntil is null");
        this.evidenceName = evidenceName;
        this.evidenceSha256 = evidenceSha256;
        this.evidenceSize = evidenceSize;
        this.recordedBy = requireNonNull(recordedBy, "recordedBy is null");
        this.recordedAt = requireNonNull(recordedAt, "recordedAt is null");
        this.lapseNotified = lapseNotified;
        this.version = version;
    }

    /** A new record; a failed course never lapses, so it is born with its lapse "announced". */
    static TrainingRecord record(UUID organizationId, UUID userId, String username, String course,
            LocalDate trainedOn, TrainingResult result, LocalDate validUntil, String recordedBy, Instant now) {
        return new TrainingRecord(UUID.randomUUID(), organizationId, userId, username, course, trainedOn, result,
                validUntil, null, null, null, recordedBy, now, result == TrainingResult.FAILED, null);
    }

    /** Whether this record makes its person trained on {@code day}: passed, taken, and still valid. */
    boolean isValidOn(LocalDate day) {
        return result == TrainingResult.PASSED && !trainedOn.isAfter(day) && !validUntil.isBefore(day);
    }

    void attachEvidence(String name, String sha256, long size) {
        this.evidenceName = name;
        this.evidenceSha256 = sha256;
        this.evidenceSize = size;
    }

    /** The lapse of this record's validity was announced ({@link TrainingLapsed}). */
    void lapseNotified() {
        this.lapseNotified = true;
    }

    UUID id() {
        return id;
    }

    UUID organizationId() {
        return organizationId;
    }

    UUID userId() {
        return userId;
    }

    TrainingResult result() {
        return result;
    }

    LocalDate validUntil() {
        return validUntil;
    }

    boolean isLapseNotified() {
        return lapseNotified;
    }

    @Nullable String evidenceName() {
        return evidenceName;
    }

    TrainingView view(LocalDate today) {
        return new TrainingView(id, organizationId, userId, username, course, trainedOn, result, validUntil,
                isValidOn(today), evidenceName, evidenceSha256, evidenceSize, recordedBy, recordedAt);
    }
}
