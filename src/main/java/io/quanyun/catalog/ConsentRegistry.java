package io.quanyun.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.catalog.demo.DemoDataGenerator;
import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.identity.CreditCode;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Violation;
import io.quanyun.shared.Violations;
import io.quanyun.shared.Zones;

/**
 * The consent registry (Art. 6): consents of data subjects (people by identity number, enterprises by credit
 * code) for a purpose and an operator, valid for a period, until withdrawn. Only the {@link SubjectHash} of a
 * subject is stored, never the number. Providers and the authority record and withdraw consents; other modules
 * (grants, products, the sandbox) ask whether a subject consented and what share of a dataset's subjects did.
 */
@Service
public class ConsentRegistry {

    /** Lines a bulk upload may have. */
    static final int MAX_BULK_LINES = 1_000_000;

    private final JdbcClient jdbc;
    private final AuditTrail audit;
    private final Clock clock;
    private final IdentityManagement identity;
    private final Vault vault;
    private final CatalogManagement catalog;
    private final SubjectHash subjectHash;
    /** Consenting sets kept in memory: at most this many (purpose, operator) pairs. */
    static final int MAX_SETS = 32;

    private final ApplicationEventPublisher events;
    private final TransactionTemplate ownTransaction;
    private final java.util.Map<String, ConsentSet> sets = new java.util.concurrent.ConcurrentHashMap<>();

    ConsentRegistry(JdbcClient jdbc, AuditTrail audit, Clock clock, IdentityManagement identity, Vault vault,
            CatalogManagement catalog, ApplicationEventPublisher events, PlatformTransactionManager transactions) {
        this.events = events;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
        this.identity = identity;
        this.vault = vault;
        this.catalog = catalog;
        // a key of its own, wrapped under the master key: a master-key rotation keeps every stored hash valid
        this.subjectHash = new SubjectHash(vault.subjectHashKey());
    }

    /** @return how subject hashes are computed, for the sandbox's row filters */
    public SubjectHash subjectHash() {
        return subjectHash;
    }

    // ------------------------------------------------------------------ recording

    /** A provider clerk or the authority records one consent. */
    @Transactional
    public ConsentView record(RecordConsent command) {
        Actor actor = requireRecorder("catalog.consent.record");
        validateCommon(command.subjectKind(), command.purpose(), command.operatorId(), command.validUntil());
        LocalDate from = command.validFrom() == null ? today() : command.validFrom();
        checkPeriod(from, command.validUntil());
        String hash = hashOf(command.subjectKind(), command.identifier(), "identifier");
        ConsentView view = insert(command.subjectKind(), hash, command.purpose().trim(), command.operatorId(), from,
                command.validUntil(), actor);
        nextGeneration(view.purpose(), view.operatorId());
        audit.record(AuditEvent.success("catalog.consent.record", "consent", view.id())
                .with("subjectKind", view.subjectKind()).with("subjectHash", hash).with("purpose", view.purpose())
                .with("operator", view.operatorId()));
        return view;
    }

    /**
     * Records many consents of one kind, purpose and operator from a UTF-8 CSV with the header
     * {@code identifier} or {@code identifier,valid_from,valid_until} (dates in ISO form; defaults from the
     * arguments). All or nothing: a bad line refuses the upload with its line number, never its value.
     */
    @Transactional
    public BulkConsentResult recordAll(@Nullable SubjectKind kind, @Nullable String purpose, @Nullable UUID operatorId,
            @Nullable LocalDate validFrom, @Nullable LocalDate validUntil, InputStream csv) {
        Actor actor = requireRecorder("catalog.consent.record-bulk");
        validateCommon(kind, purpose, operatorId, validUntil);
        LocalDate defaultFrom = validFrom == null ? today() : validFrom;
        Violations problems = Violations.create();
        List<java.util.Map.Entry<Integer, String[]>> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(csv, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header != null && header.startsWith("\uFEFF")) {
                header = header.substring(1);
            }
            boolean withDates = "identifier,valid_from,valid_until".equals(header == null ? "" : header.trim());
            if (header == null || !(withDates || "identifier".equals(header.trim()))) {
                throw QuanyunException.invalid(List.of(new Violation("line 1",
                        "表头须为 identifier 或 identifier,valid_from,valid_until")));
            }
            String line;
            int number = 1;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                if (number > MAX_BULK_LINES) {
                    problems.add("line " + number, "行数过多 (too many lines)");
                    break;
                }
                String[] cells = line.split(",", -1);
                if (cells.length != (withDates ? 3 : 1)) {
                    problems.add("line " + number, "列数不符 (wrong number of columns)");
                    continue;
                }
                if (!validIdentifier(kind, cells[0])) {
                    problems.add("line " + number, "标识无效 (identifier not valid)");
                    continue;
                }
                rows.add(java.util.Map.entry(number, cells));
                if (problems.list().size() >= CatalogManagement.MAX_ERRORS) {
                    break;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Object[]> records = new ArrayList<>();
        for (var row : rows) {
            int line = row.getKey();
            String[] cells = row.getValue();
            try {
                LocalDate from = cells.length == 3 && !cells[1].isBlank() ? LocalDate.parse(cells[1].trim())
                        : defaultFrom;
                LocalDate until = cells.length == 3 && !cells[2].isBlank() ? LocalDate.parse(cells[2].trim())
                        : validUntil;
                if (until.isBefore(from)) {
                    problems.add("line " + line, "有效期无效 (validity period not valid)");
                    continue;
                }
                records.add(new Object[] {subjectHash.of(cells[0]), from, until});
            } catch (DateTimeParseException e) {
                problems.add("line " + line, "日期格式须为 yyyy-MM-dd (dates as yyyy-MM-dd)");
            }
        }
        if (!problems.isEmpty()) {
            audit.recordIndependently(AuditEvent.refused("catalog.consent.record-bulk", "consent", null,
                    "validation_failed: " + problems.list().size() + " problem(s)").with("purpose", purpose)
                    .with("firstProblem", problems.list().get(0).field()));
            throw QuanyunException.invalid(problems.list()).markAudited();
        }
        for (Object[] record : records) {
            insert(kind, (String) record[0], purpose.trim(), operatorId, (LocalDate) record[1], (LocalDate) record[2],
                    actor);
        }
        nextGeneration(purpose.trim(), operatorId);
        events.publishEvent(new ConsentChanged(null));
        audit.record(AuditEvent.success("catalog.consent.record-bulk", "consent", "")
                .with("subjectKind", kind).with("purpose", purpose).with("operator", operatorId)
                .with("count", records.size()));
        return new BulkConsentResult(records.size());
    }

    /** Withdraws a consent (on the subject's request, recorded by a provider or the authority). */
    @Transactional
    public ConsentView withdraw(UUID consentId) {
        Actor actor = requireRecorder("catalog.consent.withdraw");
        ConsentView consent = find(consentId);
        if (consent.withdrawnAt() != null) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION, "The consent was already withdrawn",
                    List.of(), "consent", consentId.toString());
        }
        jdbc.sql("update consent_record set withdrawn_at = :at where id = :id")
                .param("at", OffsetDateTime.ofInstant(clock.instant(), Zones.SHANGHAI)).param("id", consentId).update();
        nextGeneration(consent.purpose(), consent.operatorId());
        events.publishEvent(new ConsentChanged(consent.subjectHash()));
        audit.record(AuditEvent.success("catalog.consent.withdraw", "consent", consentId)
                .with("subjectHash", consent.subjectHash()).by(actor));
        return find(consentId);
    }

    // ------------------------------------------------------------------ questions

    /**
     * Whether the subject consented to the purpose for the operator and the consent holds today (not
     * withdrawn, within its period). For the platform, the authority, providers, auditors and the operator
     * itself.
     */
    @Transactional(readOnly = true)
    public boolean hasConsented(String identifier, String purpose, UUID operatorId) {
        requireAsker(operatorId);
        LocalDate today = today();
        return jdbc.sql("""
                select count(*) from consent_record where subject_hash = :hash and purpose = :purpose
                and operator_id = :operator and withdrawn_at is null and valid_from <= :today and valid_until >= :today
                """).param("hash", subjectHash.of(identifier)).param("purpose", purpose).param("operator", operatorId)
                .param("today", today).query(Long.class).single() > 0;
    }

    /** The consents recorded for a subject (by its identifier), newest first; for recorders and auditors. */
    @Transactional(readOnly = true)
    public List<ConsentView> consentsOf(String identifier) {
        requireAsker(null);
        return jdbc.sql("select * from consent_record where subject_hash = :hash order by recorded_at desc")
                .param("hash", subjectHash.of(identifier)).query(ConsentRegistry::view).list();
    }

    /** The hashes of the subjects whose consent to the purpose for the operator holds today. */
    @Transactional(readOnly = true)
    public List<String> consentingSubjects(String purpose, UUID operatorId) {
        requireAsker(operatorId);
        return consenting(purpose, operatorId, today());
    }

    /**
     * The subjects whose consent to the purpose for the operator holds today, as one immutable sorted set. Kept
     * in memory per (purpose, operator) and handed out again while the purpose and operator's generation (one
     * indexed read per call, raised in the transaction of every consent recorded or withdrawn, on any node) and
     * the day are the same; otherwise read afresh. The generation is read before the set, so a set handed out is
     * never older than its generation says. A consent passing its last day, or reaching its first, changes the
     * day and so the set.
     */
    @Transactional(readOnly = true)
    public ConsentSet consentingSet(String purpose, UUID operatorId) {
        requireAsker(operatorId);
        long generation = generation(purpose, operatorId);
        LocalDate today = today();
        String key = purpose + "\n" + operatorId;
        ConsentSet held = sets.get(key);
        if (held != null && held.generation() == generation && held.day().equals(today)) {
            return held;
        }
        ConsentSet read = ConsentSet.of(purpose, operatorId, generation, today, consenting(purpose, operatorId, today));
        if (sets.size() >= MAX_SETS && !sets.containsKey(key)) {
            sets.clear(); // a few (purpose, operator) pairs are in use at a time; reading one again is cheap enough
        }
        sets.merge(key, read, (old, fresh) -> newer(fresh, old) ? fresh : old);
        return read;
    }

    /** The generation of the purpose and operator's consent state (0 before any consent was recorded). */
    long generation(String purpose, UUID operatorId) {
        return jdbc.sql("select generation from consent_generation where purpose = :purpose and operator_id = :operator")
                .param("purpose", purpose).param("operator", operatorId).query(Long.class).optional().orElse(0L);
    }

    private static boolean newer(ConsentSet a, ConsentSet b) {
        int days = a.day().compareTo(b.day());
        return days > 0 || (days == 0 && a.generation() >= b.generation());
    }

    /**
     * Raises the purpose and operator's generation in the caller's transaction (the row is created first, in a
     * transaction of its own, if this is the pair's first consent; two creating it at once are both fine).
     */
    private void nextGeneration(String purpose, UUID operatorId) {
        if (raise(purpose, operatorId) == 0) {
            ownTransaction.executeWithoutResult(status -> {
                try {
                    jdbc.sql("insert into consent_generation (purpose, operator_id, generation) values (:purpose, "
                            + ":operator, 0)").param("purpose", purpose).param("operator", operatorId).update();
                } catch (DuplicateKeyException createdMeanwhile) {
                    status.setRollbackOnly();
                }
            });
            if (raise(purpose, operatorId) == 0) {
                throw new IllegalStateException("consent generation row missing");
            }
        }
    }

    private int raise(String purpose, UUID operatorId) {
        return jdbc.sql("update consent_generation set generation = generation + 1 where purpose = :purpose "
                + "and operator_id = :operator").param("purpose", purpose).param("operator", operatorId).update();
    }

    /**
     * What share of the dataset's subjects (distinct privacy-unit values of the version serving now) consented
     * to the purpose for the operator. Computed in DuckDB over the decrypted version; only the two counts leave.
     */
    public ConsentShare consentShare(UUID datasetId, String purpose, UUID operatorId) {
        requireAsker(operatorId);
        DatasetDescriptor dataset = catalog.find(datasetId)
                .orElseThrow(() -> QuanyunException.notFound("dataset", datasetId));
        FieldDescriptor unit = dataset.privacyUnit().orElseThrow(() -> QuanyunException.invalid(
                List.of(new Violation("dataset", "数据集没有隐私单元 (the dataset has no privacy unit)"))));
        if (dataset.currentVersion() == null) {
            return new ConsentShare(datasetId, 0, purpose, operatorId, 0, 0, 0);
        }
        List<String> hashes = consenting(purpose, operatorId, today());
        int version = dataset.currentVersion();
        try (DecryptedTable table = vault.open(DatasetVersion.vaultId(datasetId), version);
                Connection connection = QualityChecks.lockedDown(table.path())) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TEMP TABLE consented (h VARCHAR PRIMARY KEY)");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO consented VALUES (?)")) {
                for (String hash : hashes) {
                    insert.setString(1, hash);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            String column = QualityChecks.identifier(unit.name());
            try (Statement statement = connection.createStatement();
                    ResultSet result = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE "
                            + subjectHash.sqlExpression("u") + " IN (SELECT h FROM consented)) FROM (SELECT DISTINCT "
                            + column + " AS u FROM read_parquet(" + QualityChecks.literal(table.path().toString())
                            + ") WHERE " + column + " IS NOT NULL)")) {
                result.next();
                long subjects = result.getLong(1);
                long consenting = result.getLong(2);
                return new ConsentShare(datasetId, version, purpose, operatorId, subjects, consenting,
                        subjects == 0 ? 0 : (double) consenting / subjects);
            }
        } catch (SQLException e) {
            throw new QuanyunException(ErrorCode.INTERNAL_ERROR, "The consent share could not be computed");
        }
    }

    // ------------------------------------------------------------------ helpers

    private List<String> consenting(String purpose, UUID operatorId, LocalDate today) {
        return jdbc.sql("""
                select distinct subject_hash from consent_record where purpose = :purpose and operator_id = :operator
                and withdrawn_at is null and valid_from <= :today and valid_until >= :today
                """).param("purpose", purpose).param("operator", operatorId).param("today", today)
                .query(String.class).list();
    }

    private ConsentView insert(SubjectKind kind, String hash, String purpose, UUID operatorId, LocalDate from,
            LocalDate until, Actor actor) {
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        jdbc.sql("""
                insert into consent_record (id, subject_kind, subject_hash, purpose, operator_id, valid_from,
                    valid_until, recorded_by, recorded_org, recorded_at)
                values (:id, :kind, :hash, :purpose, :operator, :from, :until, :by, :org, :at)
                """).param("id", id).param("kind", kind.name()).param("hash", hash).param("purpose", purpose)
                .param("operator", operatorId).param("from", from).param("until", until)
                .param("by", actor.username()).param("org", actor.organizationId())
                .param("at", OffsetDateTime.ofInstant(now, Zones.SHANGHAI)).update();
        events.publishEvent(new ConsentChanged(hash));
        return new ConsentView(id, kind, hash, purpose, operatorId, from, until, null, actor.username(), now);
    }

    private ConsentView find(UUID id) {
        return jdbc.sql("select * from consent_record where id = :id").param("id", id).query(ConsentRegistry::view)
                .optional().orElseThrow(() -> QuanyunException.notFound("consent", id));
    }

    private static ConsentView view(ResultSet rs, int row) throws SQLException {
        OffsetDateTime withdrawn = rs.getObject("withdrawn_at", OffsetDateTime.class);
        return new ConsentView(rs.getObject("id", UUID.class), SubjectKind.valueOf(rs.getString("subject_kind")),
                rs.getString("subject_hash"), rs.getString("purpose"), rs.getObject("operator_id", UUID.class),
                rs.getObject("valid_from", LocalDate.class), rs.getObject("valid_until", LocalDate.class),
                withdrawn == null ? null : withdrawn.toInstant(), rs.getString("recorded_by"),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant());
    }

    private void validateCommon(@Nullable SubjectKind kind, @Nullable String purpose, @Nullable UUID operatorId,
            @Nullable LocalDate validUntil) {
        Violations.create()
                .check(kind != null, "subjectKind", "PERSON 或 ENTERPRISE")
                .check(purpose != null && purpose.trim().matches("[\\p{L}\\p{N}_.-]{1,100}"), "purpose",
                        "用途：1-100个字母、数字、下划线、点或连字符 (purpose: 1-100 letters, digits, _ . -)")
                .check(operatorId != null && identity.describe(operatorId)
                        .filter(o -> o.type() == OrganizationType.OPERATOR).isPresent(), "operatorId",
                        "须为运营单位 (must be an operator)")
                .check(validUntil != null, "validUntil", "有效期至必填 (validUntil is required)")
                .throwIfAny();
    }

    private static void checkPeriod(LocalDate from, LocalDate until) {
        Violations.create().check(!until.isBefore(from), "validUntil",
                "不得早于生效日期 (not before validFrom)").throwIfAny();
    }

    private String hashOf(SubjectKind kind, @Nullable String identifier, String field) {
        if (identifier == null || !validIdentifier(kind, identifier)) {
            throw new QuanyunException(ErrorCode.INVALID_SUBJECT_IDENTIFIER, "The identifier is not valid",
                    List.of(new Violation(field, kind == SubjectKind.PERSON
                            ? "身份号码校验不通过 (GB 11643 check failed)"
                            : "统一社会信用代码校验不通过 (GB 32100 check failed)")));
        }
        return subjectHash.of(identifier);
    }

    static boolean validIdentifier(SubjectKind kind, String identifier) {
        String value = SubjectHash.normalise(identifier);
        return switch (kind) {
            case PERSON -> DemoDataGenerator.isValidIdNumber(value);
            case ENTERPRISE -> CreditCode.isValid(value);
        };
    }

    private Actor requireRecorder(String action) {
        Actor actor = Actors.current();
        boolean allowed = actor.isSystem() || (actor.has(Role.PROVIDER_CLERK) && actor.isOf(OrganizationType.PROVIDER))
                || (actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY));
        if (!allowed) {
            audit.recordIndependently(AuditEvent.refused(action, "consent", null,
                    "forbidden: not a provider or the authority"));
            throw QuanyunException.forbidden("Only providers and the authority record consents").markAudited();
        }
        return actor;
    }

    private void requireAsker(@Nullable UUID operatorId) {
        Actor actor = Actors.current();
        boolean allowed = actor.isSystem() || actor.has(Role.AUTHORITY_ADMIN) || actor.has(Role.AUDITOR)
                || actor.has(Role.PROVIDER_CLERK) || (operatorId != null && actor.belongsTo(operatorId));
        if (!allowed) {
            audit.recordIndependently(AuditEvent.refused("catalog.consent.query", "consent", null,
                    "forbidden: may not ask about consents"));
            throw QuanyunException.forbidden("You may not ask about these consents").markAudited();
        }
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), Zones.SHANGHAI);
    }
}
