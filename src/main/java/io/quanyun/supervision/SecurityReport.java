package io.quanyun.supervision;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Embedded;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

/** A filed security report of an operator for one period (Art. 16). Filed once; never changed afterwards. */
@Table("security_report")
final class SecurityReport {

    /** One section of the report as the operator wrote it. */
    @Table("security_report_section")
    record Section(String text) {
    }

    private final @Id UUID id;
    private final UUID operatorId;
    private final String operatorName;
    private final String period;
    private final LocalDate periodStart;
    private final LocalDate periodEnd;
    private final LocalDate dueOn;
    @MappedCollection(idColumn = "security_report", keyColumn = "section_key")
    private final Map<String, Section> sections;
    @Embedded(onEmpty = Embedded.OnEmpty.USE_EMPTY, prefix = "evidence_")
    private final ReportEvidence evidence;
    private final String filedBy;
    private final Instant filedAt;
    private @Version @Nullable Long version;

    @PersistenceCreator
    SecurityReport(UUID id, UUID operatorId, String operatorName, String period, LocalDate periodStart,
            LocalDate periodEnd, LocalDate dueOn, Map<String, Section> sections, ReportEvidence evidence,
            String filedBy, Instant filedAt, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.operatorId = requireNonNull(operatorId, "operatorId is null");
        this.operatorName = requireNonNull(operatorName, "operatorName is null");
        this.period = requireNonNull(period, "period is null");
        this.periodStart = requireNonNull(periodStart, "periodStart is null");
        this.periodEnd = requireNonNull(periodEnd, "periodEnd is null");
        this.dueOn = requireNonNull(dueOn, "dueOn is null");
        this.sections = new LinkedHashMap<>(sections);
        this.evidence = requireNonNull(evidence, "evidence is null");
        this.filedBy = requireNonNull(filedBy, "filedBy is null");
        this.filedAt = requireNonNull(filedAt, "filedAt is null");
        this.version = version;
    }

    static SecurityReport file(UUID operatorId, String operatorName, ReportingPeriod period, Map<String, String> texts,
            ReportEvidence evidence, String actor, Instant now) {
        Map<String, Section> sections = new LinkedHashMap<>();
        texts.forEach((key, text) -> sections.put(key, new Section(text)));
        return new SecurityReport(UUID.randomUUID(), operatorId, operatorName, period.label(), period.start(),
                period.end(), period.dueOn(), sections, evidence, actor, now, null);
    }

    UUID id() {
        return id;
    }

    UUID operatorId() {
        return operatorId;
    }

    String period() {
        return period;
    }

    Instant filedAt() {
        return filedAt;
    }

    SecurityReportView view() {
        Map<String, String> texts = new LinkedHashMap<>();
        sections.forEach((key, section) -> texts.put(key, section.text()));
        return new SecurityReportView(id, operatorId, operatorName, period, periodStart, periodEnd, dueOn, texts,
                evidence, filedBy, filedAt, filedAt.atZone(io.quanyun.shared.Zones.SHANGHAI).toLocalDate()
                        .isAfter(dueOn));
    }
}
