package io.quanyun.supervision;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.quanyun.shared.Zones;

/**
 * Evaluates the monitoring rules over the audit log ({@code audit_entry}, read-only). Only entries after the
 * last evaluated sequence count as new; entries before it, within a rule's window, count towards its
 * threshold. Each rule is a predicate on an entry and a subject (the person, or for export requests the
 * organization); it matches a subject when, at one of the subject's new entries, at least {@code threshold}
 * matching entries lie within the window ending there.
 */
@Component
class ActivityRules {

    /** Working hours (Art. 15 monitoring): weekdays 8:00 to 18:00 in Beijing time. */
    static final LocalTime WORK_STARTS = LocalTime.of(8, 0);
    static final LocalTime WORK_ENDS = LocalTime.of(18, 0);

    private final JdbcClient jdbc;

    ActivityRules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One audit entry, as much of it as the rules need. */
    record Entry(long seq, Instant at, String actor, @Nullable UUID userId, @Nullable UUID organizationId,
            String organizationName, String roles, String action, String outcome, @Nullable String reason,
            String details) {
    }

    /** A rule matched a subject. */
    record Match(MonitoringRuleCode rule, String subject, @Nullable UUID organizationId, @Nullable UUID userId,
            int occurrences, long firstSeq, long lastSeq, String detail) {
    }

    /** What one evaluation found, and the last sequence it looked at. */
    record Evaluation(List<Match> matches, long lastSeq, int entriesRead) {
    }

    /** The highest sequence in the log. */
    long head() {
        return jdbc.sql("select coalesce(max(seq), 0) from audit_entry").query(Long.class).single();
    }

    /** Evaluates the enabled rules over the entries after {@code afterSeq}, at most {@code batch} of them. */
    Evaluation evaluate(List<MonitoringRule> rules, long afterSeq, int batch) {
        List<Entry> fresh = jdbc.sql("select * from audit_entry where seq > :after order by seq limit :batch")
                .param("after", afterSeq).param("batch", batch).query((rs, n) -> entry(rs)).list();
        if (fresh.isEmpty()) {
            return new Evaluation(List.of(), afterSeq, 0);
        }
        long lastSeq = fresh.get(fresh.size() - 1).seq();
        int longestWindow = rules.stream().filter(MonitoringRule::enabled).mapToInt(MonitoringRule::windowMinutes)
                .max().orElse(0);
        Instant earliest = fresh.stream().map(Entry::at).min(Comparator.naturalOrder()).orElseThrow()
                .minus(Duration.ofMinutes(longestWindow));
        List<Entry> context = jdbc.sql("select * from audit_entry where seq <= :after and occurred_at >= :since "
                + "and (action like 'sandbox.%' or action like 'product.%') order by seq")
                .param("after", afterSeq).param("since", OffsetDateTime.ofInstant(earliest, Zones.SHANGHAI))
                .query((rs, n) -> entry(rs)).list();
        List<Match> matches = new ArrayList<>();
        for (MonitoringRule rule : rules) {
            if (rule.enabled()) {
                matches.addAll(evaluate(rule, context, fresh, afterSeq));
            }
        }
        return new Evaluation(matches, lastSeq, fresh.size());
    }

    private List<Match> evaluate(MonitoringRule rule, List<Entry> context, List<Entry> fresh, long afterSeq) {
        Predicate<Entry> predicate = predicate(rule.code());
        Function<Entry, String> subjectOf = rule.code() == MonitoringRuleCode.EXPORT_PILE_UP
                ? e -> e.organizationName().isEmpty() ? e.actor() : e.organizationName()
                : Entry::actor;
        Map<String, List<Entry>> old = group(context, predicate, subjectOf);
        Map<String, List<Entry>> now = group(fresh, predicate, subjectOf);
        Duration window = Duration.ofMinutes(rule.windowMinutes());
        List<Match> matches = new ArrayList<>();
        now.forEach((subject, newEntries) -> {
            List<Entry> all = new ArrayList<>(old.getOrDefault(subject, List.of()));
            all.addAll(newEntries);
            all.sort(Comparator.comparing(Entry::at).thenComparingLong(Entry::seq));
            int best = 0;
            long firstSeq = 0;
            int start = 0;
            for (int end = 0; end < all.size(); end++) {
                Instant windowStart = all.get(end).at().minus(window);
                while (!all.get(start).at().isAfter(windowStart)) {
                    start++;
                }
                boolean endIsNew = all.get(end).seq() > afterSeq;
                int count = end - start + 1;
                if (endIsNew && count > best) {
                    best = count;
                    firstSeq = all.get(start).seq();
                }
            }
            if (best >= rule.threshold()) {
                Entry last = newEntries.get(newEntries.size() - 1);
                matches.add(new Match(rule.code(), subject, last.organizationId(),
                        rule.code() == MonitoringRuleCode.EXPORT_PILE_UP ? null : last.userId(), newEntries.size(),
                        firstSeq, last.seq(), describe(rule, best)));
            }
        });
        return matches;
    }

    private static String describe(MonitoringRule rule, int count) {
        return count + " matching entries within " + rule.windowMinutes() + " min (threshold " + rule.threshold()
                + ")";
    }

    private static Map<String, List<Entry>> group(List<Entry> entries, Predicate<Entry> predicate,
            Function<Entry, String> subjectOf) {
        Map<String, List<Entry>> grouped = new LinkedHashMap<>();
        for (Entry entry : entries) {
            if (predicate.test(entry)) {
                grouped.computeIfAbsent(subjectOf.apply(entry), k -> new ArrayList<>()).add(entry);
            }
        }
        return grouped;
    }

    /** Which entries a rule counts. */
    static Predicate<Entry> predicate(MonitoringRuleCode rule) {
        return switch (rule) {
            case QUERY_BURST -> e -> e.action().startsWith("sandbox.query");
            case QUERY_PROBING -> e -> e.action().startsWith("sandbox.query") && "REFUSED".equals(e.outcome());
            case OFF_HOURS -> e -> (e.action().startsWith("sandbox.") || e.action().startsWith("product."))
                    && e.roles().contains("OPERATOR_") && isOutsideWorkingHours(e.at());
            case EXPORT_PILE_UP -> e -> e.action().startsWith("sandbox.export.request");
            case VERIFICATION_ENUMERATION -> e -> e.action().startsWith("product.verif") && isNotFound(e);
        };
    }

    /** Outside weekdays 8:00-18:00 in Beijing time. Public holidays are not known to the platform yet. */
    static boolean isOutsideWorkingHours(Instant at) {
        ZonedDateTime local = at.atZone(Zones.SHANGHAI);
        DayOfWeek day = local.getDayOfWeek();
        if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
            return true;
        }
        LocalTime time = local.toLocalTime();
        return time.isBefore(WORK_STARTS) || !time.isBefore(WORK_ENDS);
    }

    private static boolean isNotFound(Entry e) {
        String text = ((e.reason() == null ? "" : e.reason()) + " " + e.details()).toLowerCase(Locale.ROOT);
        return text.contains("not_found") || text.contains("not found") || text.contains("notfound")
                || text.contains("\"found\":\"false\"") || text.contains("found=false");
    }

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getLong("seq"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("actor"), rs.getObject("actor_user_id", UUID.class),
                rs.getObject("organization_id", UUID.class), rs.getString("organization_name"),
                rs.getString("roles"), rs.getString("action"), rs.getString("outcome"), rs.getString("reason"),
                rs.getString("details"));
    }
}
