package io.quanyun.supervision;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.quanyun.shared.Zones;

/**
 * Collects the evidence the platform holds on an operator under evaluation (Art. 17) from the same sources as the
 * security-report template ({@link SecurityReporting#evidence}, the audit log and {@link OtherModulesRecords}),
 * grouped under the campaign's criteria, and freezes it with its SHA-256 when the campaign closes.
 *
 * <p>The campaign's period is read as a year ({@code 2026}), a quarter ({@code 2026Q3}) or two days
 * ({@code 2026-01-01/2026-06-30}); any other text means the year before the campaign opened up to today. Every
 * figure counts only what happened in that period: activity, alerts, incidents (open = not closed by the period's
 * end), reports overdue (due in the period and not filed by their due date), exports approved, products created and
 * listed; trained staff are those with a valid training on the period's last day (or today).
 */
@Component
class EvaluationEvidencing {

    private static final Pattern YEAR = Pattern.compile("(\\d{4})");
    private static final Pattern QUARTER = Pattern.compile("(\\d{4})Q([1-4])");
    private static final Pattern RANGE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\s*(?:/|\\.\\.|~|至)\\s*(\\d{4}-\\d{2}-\\d{2})");

    private final SecurityReporting reporting;
    private final OtherModulesRecords records;
    private final Alerts alerts;
    private final JdbcClient jdbc;
    private final Clock clock;

    EvaluationEvidencing(SecurityReporting reporting, OtherModulesRecords records, Alerts alerts, JdbcClient jdbc,
            Clock clock) {
        this.reporting = reporting;
        this.records = records;
        this.alerts = alerts;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The frozen snapshot when there is one, else the live figures. */
    EvaluationEvidence of(EvaluationCampaign campaign, UUID operatorId) {
        return frozen(campaign.id(), operatorId).orElseGet(() -> live(campaign, operatorId));
    }

    /** Freezes the evidence of every scored operator (once; a snapshot is never replaced). */
    void freeze(EvaluationCampaign campaign) {
        Instant now = clock.instant();
        for (UUID operator : campaign.scoredOperators()) {
            if (frozen(campaign.id(), operator).isPresent()) {
                continue;
            }
            EvaluationEvidence live = live(campaign, operator);
            String text = canonical(live.figures());
            jdbc.sql("insert into evaluation_evidence (evaluation_campaign, operator_id, period_start, period_end, "
                            + "figures, sha256, frozen_at) values (:campaign, :operator, :start, :end, :figures, "
                            + ":sha256, :at)")
                    .param("campaign", campaign.id()).param("operator", operator)
                    .param("start", live.periodStart()).param("end", live.periodEnd()).param("figures", text)
                    .param("sha256", sha256(text)).param("at", now.atOffset(java.time.ZoneOffset.UTC))
                    .update();
        }
    }

    EvaluationEvidence live(EvaluationCampaign campaign, UUID operator) {
        LocalDate[] period = period(campaign);
        LocalDate start = period[0];
        LocalDate end = period[1];
        ReportEvidence base = reporting.evidence(operator,
                new ReportingPeriod(campaign.period(), start, end, end));
        Map<Severity, Long> bySeverity = new EnumMap<>(Severity.class);
        for (Severity severity : Severity.values()) {
            bySeverity.put(severity, 0L);
        }
        alerts.findAllByOrderByRaisedAtDesc().stream().map(Alert::view)
                .filter(a -> operator.equals(a.organizationId()) && within(a.raisedAt(), start, end))
                .forEach(a -> bySeverity.merge(a.severity(), 1L, Long::sum));
        long overdue = reporting.overdueReports(operator, start, end);

        Map<Criterion, Map<String, Long>> figures = new EnumMap<>(Criterion.class);
        Set<Criterion> criteria = campaign.criteria();
        if (criteria.contains(Criterion.COMPLIANCE)) {
            Map<String, Long> compliance = new LinkedHashMap<>();
            compliance.put("refusedQueries", base.refusedQueries());
            compliance.put("exportsRequested", base.exportRequests());
            compliance.put("overdueSecurityReports", overdue);
            figures.put(Criterion.COMPLIANCE, compliance);
        }
        if (criteria.contains(Criterion.SECURITY)) {
            Map<String, Long> security = new LinkedHashMap<>();
            bySeverity.forEach((severity, count) -> security.put("alerts" + capitalized(severity.name()), count));
            security.put("incidents", base.incidents());
            security.put("openIncidents", base.openIncidents());
            security.put("staff", base.staff());
            security.put("trainedStaff", base.trainedStaff());
            figures.put(Criterion.SECURITY, security);
        }
        if (criteria.contains(Criterion.SERVICE_QUALITY)) {
            Map<String, Long> service = new LinkedHashMap<>();
            service.put("queries", base.queries());
            service.put("exportsApproved", records.exportsApproved(operator, start, end));
            figures.put(Criterion.SERVICE_QUALITY, service);
        }
        if (criteria.contains(Criterion.PRODUCTS_DELIVERED)) {
            Map<String, Long> products = new LinkedHashMap<>();
            products.put("productsCreated", records.productsCreated(operator, start, end));
            products.put("productsListed", records.productsListed(operator, start, end));
            figures.put(Criterion.PRODUCTS_DELIVERED, products);
        }
        if (criteria.contains(Criterion.PUBLIC_VALUE)) {
            // the platform holds no figure of public value: the evaluators' own evidence stands alone
            figures.put(Criterion.PUBLIC_VALUE, Map.of());
        }
        return new EvaluationEvidence(campaign.id(), operator, start, end, figures, null, null);
    }

    private Optional<EvaluationEvidence> frozen(UUID campaignId, UUID operatorId) {
        return jdbc.sql("select period_start, period_end, figures, sha256, frozen_at from evaluation_evidence "
                        + "where evaluation_campaign = :campaign and operator_id = :operator")
                .param("campaign", campaignId).param("operator", operatorId)
                .query((rs, n) -> new EvaluationEvidence(campaignId, operatorId,
                        rs.getObject("period_start", LocalDate.class), rs.getObject("period_end", LocalDate.class),
                        parse(rs.getString("figures")), rs.getObject("frozen_at", OffsetDateTime.class).toInstant(),
                        rs.getString("sha256")))
                .optional();
    }

    private LocalDate[] period(EvaluationCampaign campaign) {
        String text = campaign.period().trim();
        Matcher quarter = QUARTER.matcher(text);
        if (quarter.matches()) {
            ReportingPeriod period = ReportingPeriod.parse(text, 3, 0);
            return new LocalDate[] {period.start(), period.end()};
        }
        Matcher year = YEAR.matcher(text);
        if (year.matches()) {
            int y = Integer.parseInt(year.group(1));
            return new LocalDate[] {LocalDate.of(y, 1, 1), LocalDate.of(y, 12, 31)};
        }
        Matcher range = RANGE.matcher(text);
        if (range.matches()) {
            try {
                LocalDate from = LocalDate.parse(range.group(1));
                LocalDate to = LocalDate.parse(range.group(2));
                if (!to.isBefore(from)) {
                    return new LocalDate[] {from, to};
                }
            } catch (java.time.format.DateTimeParseException e) {
                // falls through to the default period
            }
        }
        LocalDate opened = campaign.createdAt().atZone(Zones.SHANGHAI).toLocalDate();
        LocalDate today = LocalDate.now(clock.withZone(Zones.SHANGHAI));
        return new LocalDate[] {opened.minusYears(1), today.isBefore(opened) ? opened : today};
    }

    /** {@code CRITERION.figure=value} lines in criterion order, then figure order: what the hash covers. */
    static String canonical(Map<Criterion, Map<String, Long>> figures) {
        StringBuilder text = new StringBuilder();
        new EnumMap<>(figures).forEach((criterion, values) -> {
            if (values.isEmpty()) {
                text.append(criterion).append('\n');
            }
            values.forEach((name, value) -> text.append(criterion).append('.').append(name).append('=')
                    .append(value).append('\n'));
        });
        return text.toString();
    }

    static Map<Criterion, Map<String, Long>> parse(String text) {
        Map<Criterion, Map<String, Long>> figures = new EnumMap<>(Criterion.class);
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int dot = line.indexOf('.');
            if (dot < 0) {
                figures.computeIfAbsent(Criterion.valueOf(line.trim()), c -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            figures.computeIfAbsent(Criterion.valueOf(line.substring(0, dot)), c -> new LinkedHashMap<>())
                    .put(line.substring(dot + 1, eq), Long.parseLong(line.substring(eq + 1)));
        }
        return figures;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean within(Instant at, LocalDate start, LocalDate end) {
        LocalDate day = at.atZone(Zones.SHANGHAI).toLocalDate();
        return !day.isBefore(start) && !day.isAfter(end);
    }

    private static String capitalized(String name) {
        return name.charAt(0) + name.substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}
