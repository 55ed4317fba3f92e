package io.quanyun.supervision;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** How far before a batch's earliest window the kept context reaches, for entries recorded out of time order. */
    private static final Duration PRUNE_SLACK = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final AtomicLong contextEntriesRead = new AtomicLong();
    private @Nullable Context context;
    /** The compiled pattern of each detail key (the rules ask for a few keys of every entry they read). */
    private static final java.util.concurrent.ConcurrentMap<String, Pattern> DETAIL_PATTERNS =
            new java.util.concurrent.ConcurrentHashMap<>();

    ActivityRules(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One audit entry, as much of it as the rules need. */
    record Entry(long seq, Instant at, String actor, @Nullable UUID userId, @Nullable UUID organizationId,
            String organizationName, String roles, String action, String outcome, @Nullable String reason,
            String details, @Nullable String objectId) {

        /** A value of the entry's details (a flat JSON object of strings), or empty. */
        String detail(String key) {
            Matcher matcher = DETAIL_PATTERNS.computeIfAbsent(key,
                    k -> Pattern.compile("\"" + Pattern.quote(k) + "\":\"([^\"]*)\"")).matcher(details);
            return matcher.find() ? matcher.group(1) : "";
        }
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

    /**
     * Evaluates the enabled rules over the entries after {@code afterSeq}, at most {@code batch} of them. The
     * earlier entries the windows need come from the {@link Context} kept since the last evaluation; it is read
     * from the log only when there is none yet, when the set of enabled rules changed, when the evaluation does
     * not continue where the last one stopped (a restart, another node, a rolled-back run) or when a window
     * reaches further back than the entries it keeps (a longer window, entries recorded out of time order).
     */
    synchronized Evaluation evaluate(List<MonitoringRule> rules, long afterSeq, int batch) {
        List<Entry> fresh = jdbc.sql("select * from audit_entry where seq > :after order by seq limit :batch")
                .param("after", afterSeq).param("batch", batch).query((rs, n) -> entry(rs)).list();
        if (fresh.isEmpty()) {
            return new Evaluation(List.of(), afterSeq, 0);
        }
        long lastSeq = fresh.get(fresh.size() - 1).seq();
        int longestWindow = rules.stream().filter(MonitoringRule::enabled).mapToInt(MonitoringRule::windowMinutes)
                .max().orElse(0);
        Instant earliest = fresh.stream().map(Entry::at).min(Comparator.naturalOrder()).orElseThrow();
        Instant since = earliest.minus(Duration.ofMinutes(longestWindow));
        // how far back each rule needs earlier entries: a counting rule, its window before the earliest new
        // entry (earlier ones lie in no window ending at a new entry); differencing and budget spending, the
        // longest window, as they always had: a differencing query counts by the earlier queries of its own
        // window, and budget percentages are summed in floating point, in the order of the entries
        Map<MonitoringRuleCode, Instant> needs = new EnumMap<>(MonitoringRuleCode.class);
        for (MonitoringRule rule : rules) {
            if (rule.enabled()) {
                boolean longest = rule.code() == MonitoringRuleCode.DIFFERENCING
                        || rule.code() == MonitoringRuleCode.BUDGET_SPENDING;
                needs.put(rule.code(), longest ? since : earliest.minus(Duration.ofMinutes(rule.windowMinutes())));
            }
        }
        Context kept = context;
        context = null; // until it holds this batch too
        if (kept == null || !kept.holds(needs, afterSeq)) {
            kept = load(needs, afterSeq, since);
        }
        List<Match> matches = new ArrayList<>();
        Map<MonitoringRuleCode, Map<String, List<Entry>>> freshByRule = new EnumMap<>(MonitoringRuleCode.class);
        for (MonitoringRule rule : rules) {
            if (rule.enabled()) {
                Map<String, List<Entry>> now = group(fresh, predicate(rule.code()), subjectOf(rule.code()));
                freshByRule.put(rule.code(), now);
                matches.addAll(evaluate(rule, kept.of(rule.code()), needs.get(rule.code()), now, afterSeq));
            }
        }
        kept.append(freshByRule, lastSeq);
        for (Map.Entry<MonitoringRuleCode, Instant> need : needs.entrySet()) {
            kept.prune(need.getKey(), need.getValue().minus(PRUNE_SLACK));
        }
        context = kept;
        return new Evaluation(matches, lastSeq, fresh.size());
    }

    /** Drops the kept context: the next evaluation reads its window from the log (tests compare both ways). */
    synchronized void forget() {
        context = null;
    }

    /** How many audit entries were read as context (earlier entries within the windows) since the start. */
    long contextEntriesRead() {
        return contextEntriesRead.get();
    }

    /**
     * Reads the entries up to {@code afterSeq} from {@code since} on (the longest window before the batch), keeping
     * for each enabled rule those it counts from where it {@code needs} them on.
     */
    private Context load(Map<MonitoringRuleCode, Instant> needs, long afterSeq, Instant since) {
        Context loaded = new Context(needs, afterSeq);
        if (needs.isEmpty()) {
            return loaded;
        }
        Map<MonitoringRuleCode, Predicate<Entry>> predicates = new EnumMap<>(MonitoringRuleCode.class);
        Map<MonitoringRuleCode, Function<Entry, String>> subjects = new EnumMap<>(MonitoringRuleCode.class);
        needs.forEach((code, from) -> {
            Predicate<Entry> counted = predicate(code);
            predicates.put(code, e -> !e.at().isBefore(from) && counted.test(e));
            subjects.put(code, subjectOf(code));
        });
        jdbc.sql("select * from audit_entry where seq <= :after and occurred_at >= :since "
                + "and (action like 'sandbox.%' or action like 'product.%') order by seq")
                .param("after", afterSeq).param("since", OffsetDateTime.ofInstant(since, Zones.SHANGHAI))
                .query(rs -> {
                    Entry entry = entry(rs);
                    contextEntriesRead.incrementAndGet();
                    predicates.forEach((code, predicate) -> {
                        if (predicate.test(entry)) {
                            loaded.add(code, subjects.get(code).apply(entry), entry);
                        }
                    });
                });
        return loaded;
    }

    /** Whose entries a rule counts together: the person's, the organization's export requests, the grant's. */
    private static Function<Entry, String> subjectOf(MonitoringRuleCode code) {
        return switch (code) {
            case EXPORT_PILE_UP -> e -> e.organizationName().isEmpty() ? e.actor() : e.organizationName();
            case BUDGET_SPENDING -> e -> "grant:" + e.detail("grant");
            default -> Entry::actor;
        };
    }

    /**
     * The earlier entries the windows need, kept between evaluations: for each enabled rule and subject the
     * entries the rule counts, in sequence order. For each rule it holds every such entry with a sequence up to
     * {@code through} that occurred at or after the rule's {@code since}; entries no enabled rule counts (most
     * product calls) are not kept.
     */
    private static final class Context {

        long through;
        final Map<MonitoringRuleCode, Instant> since;
        final Map<MonitoringRuleCode, Map<String, List<Entry>>> byRule = new EnumMap<>(MonitoringRuleCode.class);

        Context(Map<MonitoringRuleCode, Instant> since, long through) {
            this.since = new EnumMap<>(MonitoringRuleCode.class);
            this.since.putAll(since);
            this.through = through;
        }

        /** Whether it holds what an evaluation after {@code afterSeq} needs: the same rules, far enough back. */
        boolean holds(Map<MonitoringRuleCode, Instant> needs, long afterSeq) {
            if (through != afterSeq || !since.keySet().equals(needs.keySet())) {
                return false;
            }
            return needs.entrySet().stream().noneMatch(need -> need.getValue().isBefore(since.get(need.getKey())));
        }

        void add(MonitoringRuleCode code, String subject, Entry entry) {
            byRule.computeIfAbsent(code, c -> new HashMap<>()).computeIfAbsent(subject, s -> new ArrayList<>())
                    .add(entry);
        }

        Map<String, List<Entry>> of(MonitoringRuleCode code) {
            return byRule.getOrDefault(code, Map.of());
        }

        void append(Map<MonitoringRuleCode, Map<String, List<Entry>>> fresh, long lastSeq) {
            fresh.forEach((code, bySubject) -> bySubject.forEach((subject, entries) -> entries
                    .forEach(entry -> add(code, subject, entry))));
            through = lastSeq;
        }

        /** Drops the rule's entries that occurred before {@code bound}: later windows are not expected there. */
        void prune(MonitoringRuleCode code, Instant bound) {
            if (!bound.isAfter(since.get(code))) {
                return;
            }
            Map<String, List<Entry>> bySubject = of(code);
            bySubject.values().forEach(entries -> entries.removeIf(e -> e.at().isBefore(bound)));
            bySubject.values().removeIf(List::isEmpty);
            since.put(code, bound);
        }
    }

    /**
     * Evaluates one rule for the subjects with new entries it counts ({@code now}), with the subject's earlier
     * entries ({@code old}) that occurred at or after {@code since}. Earlier entries before the rule's window
     * before the batch lie in no window ending at a new entry: only differencing and budget spending are given them.
     */
    private List<Match> evaluate(MonitoringRule rule, Map<String, List<Entry>> old, Instant since,
            Map<String, List<Entry>> now, long afterSeq) {
        Duration window = Duration.ofMinutes(rule.windowMinutes());
        List<Match> matches = new ArrayList<>();
        now.forEach((subject, newEntries) -> {
            List<Entry> all = new ArrayList<>();
            for (Entry entry : old.getOrDefault(subject, List.of())) {
                if (!entry.at().isBefore(since)) {
                    all.add(entry);
                }
            }
            all.addAll(newEntries);
            all.sort(Comparator.comparing(Entry::at).thenComparingLong(Entry::seq));
            ToDoubleFunction<Entry> weight = weights(rule, all, window);
            double best = 0;
            long firstSeq = 0;
            int start = 0;
            double sum = 0;
            for (int end = 0; end < all.size(); end++) {
                sum += weight.applyAsDouble(all.get(end));
                Instant windowStart = all.get(end).at().minus(window);
                while (!all.get(start).at().isAfter(windowStart)) {
                    sum -= weight.applyAsDouble(all.get(start));
                    start++;
                }
                boolean endIsNew = all.get(end).seq() > afterSeq;
                if (endIsNew && sum > best) {
                    best = sum;
                    firstSeq = all.get(start).seq();
                }
            }
            if (best + 1e-9 >= rule.threshold()) {
                Entry last = newEntries.get(newEntries.size() - 1);
                int counted = (int) newEntries.stream().filter(e -> weight.applyAsDouble(e) > 0).count();
                boolean personal = rule.code() != MonitoringRuleCode.EXPORT_PILE_UP;
                matches.add(new Match(rule.code(), subject, last.organizationId(), personal ? last.userId() : null,
                        Math.max(1, counted), firstSeq, last.seq(), describe(rule, best)));
            }
        });
        return matches;
    }

    /**
     * What each entry counts towards the threshold. Most rules count entries; differencing counts a query that
     * differs in one predicate from an earlier query of the same person within the window; budget spending
     * counts the percentage of the grant's total privacy budget the query spent.
     */
    private ToDoubleFunction<Entry> weights(MonitoringRule rule, List<Entry> ordered, Duration window) {
        return switch (rule.code()) {
            case DIFFERENCING -> {
                Map<String, String> texts = queryTexts(ordered);
                Map<Long, Double> counted = new java.util.HashMap<>();
                for (int i = 0; i < ordered.size(); i++) {
                    Entry later = ordered.get(i);
                    String text = texts.get(later.objectId());
                    double value = 0;
                    for (int j = i - 1; text != null && j >= 0; j--) {
                        Entry earlier = ordered.get(j);
                        if (earlier.at().isBefore(later.at().minus(window))) {
                            break;
                        }
                        String earlierText = texts.get(earlier.objectId());
                        if (earlierText != null && QueryShapes.differInOnePredicate(earlierText, text)) {
                            value = 1;
                            break;
                        }
                    }
                    counted.put(later.seq(), value);
                }
                yield e -> counted.getOrDefault(e.seq(), 0.0);
            }
            case BUDGET_SPENDING -> {
                Map<String, Double> totals = new java.util.HashMap<>();
                yield e -> {
                    double total = totals.computeIfAbsent(e.detail("grant"), this::totalEpsilon);
                    return total <= 0 ? 0 : 100.0 * parse(e.detail("epsilonSpent")) / total;
                };
            }
            default -> ActivityRules::calls;
        };
    }

    /**
     * How many acts an entry records: one, except for an entry of product calls audited as a group
     * ({@code product.calls}, its {@code count} detail).
     */
    static double calls(Entry e) {
        if (!"product.calls".equals(e.action())) {
            return 1.0;
        }
        double count = parse(e.detail("count"));
        return count > 0 ? count : 1.0;
    }

    /** The texts of the queries the entries record, by query id, from the sandbox's history (read-only). */
    private Map<String, String> queryTexts(List<Entry> entries) {
        List<UUID> ids = entries.stream().map(Entry::objectId).filter(java.util.Objects::nonNull)
                .map(ActivityRules::uuidOrNull).filter(java.util.Objects::nonNull).distinct().toList();
        Map<String, String> texts = new java.util.HashMap<>();
        for (int from = 0; from < ids.size(); from += 500) {
            List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            jdbc.sql("select id, sql_text from sandbox_query where id in (:ids)").param("ids", chunk)
                    .query((rs, n) -> Map.entry(rs.getObject("id", UUID.class).toString(), rs.getString("sql_text")))
                    .list().forEach(e -> texts.put(e.getKey(), e.getValue()));
        }
        return texts;
    }

    /** The grant's total privacy budget (epsilon), or zero when the sandbox holds none. */
    private double totalEpsilon(String grant) {
        if (grant.isEmpty()) {
            return 0;
        }
        return jdbc.sql("select total_epsilon from sandbox_budget where grant_id = :grant").param("grant", grant)
                .query(java.math.BigDecimal.class).optional().map(java.math.BigDecimal::doubleValue).orElse(0.0);
    }

    private static double parse(String number) {
        try {
            return number.isEmpty() ? 0 : Double.parseDouble(number);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static @Nullable UUID uuidOrNull(String text) {
        try {
            return UUID.fromString(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String describe(MonitoringRule rule, double amount) {
        String what = switch (rule.code()) {
            case DIFFERENCING -> Math.round(amount) + " queries differing from an earlier one in one predicate";
            case BUDGET_SPENDING -> Math.round(amount) + "% of the grant's privacy budget spent";
            case VERIFICATION_ENUMERATION -> Math.round(amount) + " verifications answered not found";
            default -> Math.round(amount) + " matching entries";
        };
        return what + " within " + rule.windowMinutes() + " min (threshold " + rule.threshold() + ")";
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
            // the facade's verification, and a consumer's calls over the API answered NOT_FOUND (product.calls
            // audits a group of calls, counted by calls(); product.call is one call, in logs written before)
            case VERIFICATION_ENUMERATION -> e -> (e.action().startsWith("product.verif") && isNotFound(e))
                    || (("product.calls".equals(e.action()) || "product.call".equals(e.action()))
                            && "NOT_FOUND".equals(e.detail("answer")));
            case DIFFERENCING -> e -> "sandbox.query".equals(e.action()) && e.objectId() != null;
            case BUDGET_SPENDING -> e -> "sandbox.query".equals(e.action()) && parse(e.detail("epsilonSpent")) > 0;
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
                rs.getString("details"), rs.getString("object_id"));
    }
}
