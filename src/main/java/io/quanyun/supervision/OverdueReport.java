package io.quanyun.supervision;

import java.time.LocalDate;
import java.util.UUID;

/** An operator whose security report for a period was due and is not filed: flagged to the authorizer. */
public record OverdueReport(UUID operatorId, String operatorName, String period, LocalDate dueOn) {
}
