package io.quanyun.supervision;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An operator's periodic security report (Art. 16): the sections it wrote from the template, and the evidence the
 * platform held for the period when it was filed.
 */
public record SecurityReportView(@Nullable UUID id, UUID operatorId, String operatorName, String period,
        LocalDate periodStart, LocalDate periodEnd, LocalDate dueOn, Map<String, String> sections,
        ReportEvidence evidence, @Nullable String filedBy, @Nullable Instant filedAt, boolean late) {

    public SecurityReportView {
        sections = Map.copyOf(sections);
    }
}
