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

/**
 * One version of an organization's emergency plan for data security incidents (Art. 15). A new version never
 * changes an earlier one: the current plan is the highest version in effect.
 */
@Table("emergency_plan")
final class EmergencyPlan {

    private final @Id UUID id;
    private final UUID organizationId;
    private final String organizationName;
    private final int planVersion;
    private final String title;
    private final String content;
    private final LocalDate effectiveFrom;
    private final String recordedBy;
    private final Instant recordedAt;
    private @Version @Nullable Long version;

    @PersistenceCreator
    EmergencyPlan(UUID id, UUID organizationId, String organizationName, int planVersion, String title,
            String content, LocalDate effectiveFrom, String recordedBy, Instant recordedAt, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.organizationId = requireNonNull(organizationId, "organizationId is null");
        this.organizationName = requireNonNull(organizationName, "organizationName is null");
        this.planVersion = planVersion;
        this.title = requireNonNull(title, "title is null");
        this.content = requireNonNull(content, "content is null");
        this.effectiveFrom = requireNonNull(effectiveFrom, "effectiveFrom is null");
        this.recordedBy = requireNonNull(recordedBy, "recordedBy is null");
        this.recordedAt = requireNonNull(recordedAt, "recordedAt is null");
        this.version = version;
    }

    static EmergencyPlan next(UUID organizationId, String organizationName, int planVersion, String title,
            String content, LocalDate effectiveFrom, String actor, Instant now) {
        return new EmergencyPlan(UUID.randomUUID(), organizationId, organizationName, planVersion, title, content,
                effectiveFrom, actor, now, null);
    }

    UUID organizationId() {
        return organizationId;
    }

    int planVersion() {
        return planVersion;
    }

    EmergencyPlanView view(boolean current) {
        return new EmergencyPlanView(id, organizationId, organizationName, planVersion, title, content,
                effectiveFrom, recordedBy, recordedAt, current);
    }
}
