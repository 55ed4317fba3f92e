package io.quanyun.catalog;

import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.core.Ordered;

import io.quanyun.catalog.vault.ChecksumAlgorithm;
import io.quanyun.catalog.vault.DatasetSchema;
import io.quanyun.catalog.vault.DeclaredChecksum;
import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.FieldSpec;
import io.quanyun.catalog.vault.FieldType;
import io.quanyun.catalog.vault.IngestionError;
import io.quanyun.catalog.vault.IngestionFailed;
import io.quanyun.catalog.vault.IngestionOptions;
import io.quanyun.catalog.vault.IngestionResult;
import io.quanyun.catalog.vault.PreparedVersion;
import io.quanyun.catalog.vault.SourceFormat;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.catalog.vault.VaultException;
import tools.jackson.databind.json.JsonMapper;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.shared.Violations;
import io.quanyun.shared.Zones;

/**
 * The catalog's facade: providers register and describe datasets, the authority reviews, publishes,
 * renews and withdraws them; everyone may read the metadata of published datasets. Values are never
 * returned here.
 */
@Service
public class CatalogManagement implements DatasetDirectory {

    static final Set<String> FIELD_TYPES = Set.of("STRING", "INTEGER", "DECIMAL", "DATE", "TIMESTAMP", "BOOLEAN");
    static final Set<String> FREQUENCIES = Set.of("REALTIME", "DAILY", "WEEKLY", "MONTHLY", "QUARTERLY", "YEARLY",
            "IRREGULAR");
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{1,59}");
    private static final Pattern FIELD = Pattern.compile("[a-z][a-z0-9_]{0,59}");
    /** Registration is valid for three years, then renewed. */
    static final int REGISTRATION_YEARS = 3;

    private final Datasets datasets;
    private final AuditTrail audit;
    private final Clock clock;
    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final Vault vault;
    private final TransactionTemplate transactions;

    private static final Logger log = LoggerFactory.getLogger(CatalogManagement.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How many ingestion errors are reported (and the first few audited). */
    static final int MAX_ERRORS = 20;

    CatalogManagement(Datasets datasets, AuditTrail audit, Clock clock, JdbcClient jdbc,
            ApplicationEventPublisher events, Vault vault, PlatformTransactionManager transactionManager) {
        this.datasets = datasets;
        this.audit = audit;
        this.clock = clock;
        this.jdbc = jdbc;
        this.events = events;
        this.vault = vault;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    // ------------------------------------------------------------------ directory (public metadata)

    @Override
    @Transactional(readOnly = true)
    public Optional<DatasetDescriptor> find(UUID datasetId) {
        return datasets.findById(datasetId).map(Dataset::descriptor);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<DatasetDescriptor> findByCode(String code) {
        return datasets.findByCode(code).map(Dataset::descriptor);
    }

    @Override
    @Transactional(readOnly = true)
    public List<DatasetDescriptor> published() {
        return datasets.findByStateOrderByCode(DatasetState.PUBLISHED).stream().map(Dataset::descriptor).toList();
    }

    // ------------------------------------------------------------------ reading, by role

    /**
     * The datasets the current actor may see: every dataset for authorities and auditors, its own and the
     * published ones for a provider, the published ones for everyone else (also anonymous visitors).
     */
    @Transactional(readOnly = true)
    public List<DatasetDescriptor> datasets() {
        Actor actor = Actors.current();
        if (seesAll(actor)) {
            return datasets.findAllByOrderByCode().stream().map(Dataset::descriptor).toList();
        }
        List<DatasetDescriptor> visible = new ArrayList<>(published());
        if (actor.isOf(OrganizationType.PROVIDER)) {
            datasets.findByProviderIdOrderByCode(actor.organizationId()).stream()
                    .filter(d -> d.state() != DatasetState.PUBLISHED).map(Dataset::descriptor).forEach(visible::add);
        }
        return visible;
    }

    /** One dataset, if the current actor may see it. */
    @Transactional(readOnly = true)
    public DatasetDescriptor dataset(UUID id) {
        Dataset dataset = datasets.findById(id).orElseThrow(() -> QuanyunException.notFound("dataset", id));
        if (!maySee(Actors.current(), dataset)) {
            throw QuanyunException.notFound("dataset", id);
        }
        return dataset.descriptor();
    }

    /** The registration history of a dataset the current actor may see, oldest first. */
    @Transactional(readOnly = true)
    public List<RegistrationRecord> registrations(UUID datasetId) {
        dataset(datasetId);
        return jdbc.sql("select * from dataset_registration where dataset_id = :id order by registered_at, code")
                .param("id", datasetId)
                .query((rs, n) -> new RegistrationRecord(rs.getObject("id", UUID.class),
                        rs.getObject("dataset_id", UUID.class), RegistrationKind.valueOf(rs.getString("kind")),
                        rs.getString("code"),
                        rs.getObject("registered_at", OffsetDateTime.class).atZoneSameInstant(Zones.SHANGHAI)
                                .toOffsetDateTime(),
                        rs.getObject("valid_until", LocalDate.class), rs.getString("note"),
                        rs.getString("registered_by")))
                .list();
    }

    // ------------------------------------------------------------------ provider's work

    /** A provider registers a dataset as a draft. The platform itself may register for a provider (demo). */
    @Transactional
    public DatasetDescriptor registerDataset(UUID providerId, RegisterDataset command) {
        Actor actor = Actors.current();
        requireProviderOf(actor, providerId, "catalog.dataset.register");
        List<DatasetField> fields = validate(command);
        if (datasets.findByCode(command.code()).isPresent()) {
            throw new QuanyunException(ErrorCode.DUPLICATE, "A dataset with this code exists",
                    List.of(new io.quanyun.shared.Violation("code", "已被使用 (already used)")), "dataset", null);
        }
        Instant now = clock.instant();
        Dataset dataset = Dataset.register(command.code(), command.name().trim(), nullToEmpty(command.description()),
                providerId, command.domains(), command.updateFrequency(), fields, now);
        datasets.save(dataset);
        audit.record(AuditEvent.success("catalog.dataset.register", "dataset", dataset.id())
                .with("code", dataset.code()).with("fields", fields.size()));
        return dataset.descriptor();
    }

    /** A provider changes a draft's description and schema. */
    @Transactional
    public DatasetDescriptor redescribe(UUID datasetId, RegisterDataset command) {
        Dataset dataset = load(datasetId);
        requireProviderOf(Actors.current(), dataset.providerId(), "catalog.dataset.redescribe");
        List<DatasetField> fields = validate(command);
        if (!dataset.code().equals(command.code())) {
            throw QuanyunException.invalid(List.of(new io.quanyun.shared.Violation("code",
                    "代码不可修改 (the code cannot change)")));
        }
        dataset.redescribe(command.name().trim(), nullToEmpty(command.description()), command.domains(),
                command.updateFrequency(), fields, clock.instant());
        datasets.save(dataset);
        audit.record(AuditEvent.success("catalog.dataset.redescribe", "dataset", datasetId));
        return dataset.descriptor();
    }

    /** The provider submits a draft for the authority's review. */
    @Transactional
    public DatasetDescriptor submit(UUID datasetId) {
        Dataset dataset = load(datasetId);
        requireProviderOf(Actors.current(), dataset.providerId(), "catalog.dataset.submit");
        return move(dataset, DatasetState.UNDER_REVIEW, "catalog.dataset.submit", null);
    }

    // ------------------------------------------------------------------ authority's work

    /** The authority publishes a reviewed dataset; the first publication registers it for three years. */
    @Transactional
    public DatasetDescriptor publish(UUID datasetId) {
        Dataset dataset = load(datasetId);
        requireAuthority(Actors.current(), "catalog.dataset.publish", datasetId);
        DatasetDescriptor published = move(dataset, DatasetState.PUBLISHED, "catalog.dataset.publish", null);
        boolean registered = jdbc.sql("select count(*) from dataset_registration where dataset_id = :id")
                .param("id", datasetId).query(Long.class).single() > 0;
        register(dataset, registered ? RegistrationKind.CHANGE : RegistrationKind.INITIAL, "发布 published");
        events.publishEvent(new DatasetPublished(dataset.id(), dataset.code(), dataset.providerId()));
        return published;
    }

    /** The authority sends a submitted dataset back to its provider with a reason. */
    @Transactional
    public DatasetDescriptor returnToProvider(UUID datasetId, @Nullable String reason) {
        Dataset dataset = load(datasetId);
        requireAuthority(Actors.current(), "catalog.dataset.return", datasetId);
        requireReason(reason);
        return move(dataset, DatasetState.DRAFT, "catalog.dataset.return", reason);
    }

    /** The provider or the authority withdraws a dataset; it is deregistered. Final. */
    @Transactional
    public DatasetDescriptor withdraw(UUID datasetId, @Nullable String reason) {
        Dataset dataset = load(datasetId);
        Actor actor = Actors.current();
        if (!isAuthority(actor)) {
            requireProviderOf(actor, dataset.providerId(), "catalog.dataset.withdraw");
        }
        requireReason(reason);
        boolean wasPublished = dataset.state() == DatasetState.PUBLISHED;
        DatasetDescriptor result = move(dataset, DatasetState.WITHDRAWN, "catalog.dataset.withdraw", reason);
        if (wasPublished) {
            register(dataset, RegistrationKind.DEREGISTRATION, reason);
        }
        events.publishEvent(new DatasetWithdrawn(dataset.id(), dataset.code(), reason));
        return result;
    }

    /** The authority renews the registration of a published dataset for another three years. */
    @Transactional
    public RegistrationRecord renew(UUID datasetId) {
        Dataset dataset = load(datasetId);
        requireAuthority(Actors.current(), "catalog.dataset.renew", datasetId);
        if (dataset.state() != DatasetState.PUBLISHED) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION, "Only a published dataset is renewed",
                    List.of(), "dataset", datasetId.toString());
        }
        RegistrationRecord record = register(dataset, RegistrationKind.RENEWAL, "续期 renewed");
        audit.record(AuditEvent.success("catalog.dataset.renew", "dataset", datasetId)
                .with("registrationCode", record.registrationCode()));
        return record;
    }

    /**
     * The provider changes a published dataset's descriptive metadata; the change is registered (变更登记).
     * The schema cannot change this way: a new schema is a new dataset.
     */
    @Transactional
    public RegistrationRecord amend(UUID datasetId, @Nullable String name, @Nullable String description,
            @Nullable Set<Domain> domains, @Nullable String updateFrequency, @Nullable String note) {
        Dataset dataset = load(datasetId);
        requireProviderOf(Actors.current(), dataset.providerId(), "catalog.dataset.amend");
        Violations.create()
                .check(name != null && !name.isBlank() && name.length() <= 200, "name", "名称必填 (name is required)")
                .check(domains != null && !domains.isEmpty(), "domains", "至少一个领域 (at least one domain)")
                .check(updateFrequency != null && FREQUENCIES.contains(updateFrequency), "updateFrequency",
                        "更新频率无效 (update frequency is not valid)")
                .throwIfAny();
        requireReason(note);
        try {
            dataset.amend(name.trim(), nullToEmpty(description), domains, updateFrequency, clock.instant());
        } catch (QuanyunException refused) {
            audit.recordIndependently(AuditEvent.refused("catalog.dataset.amend", "dataset", datasetId,
                    refused.code().code() + ": " + dataset.state()));
            throw refused.markAudited();
        }
        datasets.save(dataset);
        audit.record(AuditEvent.success("catalog.dataset.amend", "dataset", datasetId).with("note", note));
        return register(dataset, RegistrationKind.CHANGE, note);
    }

    /** The authority corrects an error in a published dataset's registration (更正登记), stating what. */
    @Transactional
    public RegistrationRecord correctRegistration(UUID datasetId, @Nullable String note) {
        Dataset dataset = load(datasetId);
        requireAuthority(Actors.current(), "catalog.dataset.correct", datasetId);
        requireReason(note);
        if (dataset.state() != DatasetState.PUBLISHED) {
            audit.recordIndependently(AuditEvent.refused("catalog.dataset.correct", "dataset", datasetId,
                    "illegal_state_transition: " + dataset.state()));
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION, "Only a registered, published dataset is corrected",
                    List.of(), "dataset", datasetId.toString()).markAudited();
        }
        return register(dataset, RegistrationKind.CORRECTION, note);
    }

    /** Records that a new vault version of the dataset now serves (called after an ingestion). */
    @Transactional
    public void versionServed(UUID datasetId, int version) {
        Dataset dataset = load(datasetId);
        dataset.versionServed(version, clock.instant());
        datasets.save(dataset);
    }

    // ------------------------------------------------------------------ ingestion and versions

    /**
     * Ingests a file into a new version of the dataset, for its provider (a clerk of the providing
     * organization) or the platform itself. The file is streamed into the vault, checked against the dataset's
     * fields, encrypted at rest, profiled (completeness, validity, uniqueness), recorded and audited; the new
     * version then serves. The stream is read to its end, not closed.
     *
     * @throws IngestionRefused when the file does not fit; audited as refused with its first errors (line,
     *     field, code; never a value); the current version still serves
     */
    public DatasetVersion ingest(UUID datasetId, InputStream source, SourceFormat format, UploadOptions options) {
        Dataset dataset = load(datasetId);
        Actor actor = Actors.current();
        requireProviderOf(actor, dataset.providerId(), "catalog.dataset.ingest");
        if (dataset.state() == DatasetState.WITHDRAWN) {
            audit.recordIndependently(AuditEvent.refused("catalog.dataset.ingest", "dataset", datasetId,
                    "illegal_state_transition: WITHDRAWN"));
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION, "A withdrawn dataset takes no new version",
                    List.of(), "dataset", datasetId.toString()).markAudited();
        }
        DatasetDescriptor descriptor = dataset.descriptor();
        IngestionOptions vaultOptions = vaultOptions(descriptor, options);
        long started = System.nanoTime();
        DatasetVersion version;
        // the version is recorded first and published after the commit: a failed database write leaves no
        // orphaned version in the vault, and a crash after the commit is settled by VaultRecovery at startup
        try (PreparedVersion prepared = prepareVersion(datasetId, descriptor, source, format, vaultOptions)) {
            IngestionResult result = prepared.result();
            VersionQuality quality;
            try (DecryptedTable table = prepared.open()) {
                quality = QualityChecks.check(table.path(), descriptor, result.quality(), LocalDate.now(clock
                        .withZone(Zones.SHANGHAI)));
            }
            version = new DatasetVersion(datasetId, result.version(), result.rowCount(),
                    format.name(), result.metadata().sourceSha256(), result.metadata().ciphertextSm3(),
                    result.metadata().createdAt(), actor.username(), quality);
            try {
                record(dataset, version, result, format, prepared);
            } catch (RuntimeException failed) {
                audit.recordIndependently(AuditEvent.refused("catalog.dataset.ingest", "dataset", datasetId,
                        "ingestion_failed: the version could not be recorded").with("format", format)
                        .with("version", version.version()));
                log.warn("Dataset {} version {} was not recorded; the vault discards it", dataset.code(),
                        version.version(), failed);
                throw new QuanyunException(ErrorCode.INGESTION_FAILED, "The new version could not be recorded;"
                        + " the current version still serves", List.of(), "dataset", datasetId.toString())
                        .markAudited();
            }
        }
        log.info("Dataset {} version {} ingested: {} rows in {} ms", dataset.code(), version.version(),
                version.rowCount(), (System.nanoTime() - started) / 1_000_000);
        return version;
    }

    private PreparedVersion prepareVersion(UUID datasetId, DatasetDescriptor descriptor, InputStream source,
            SourceFormat format, IngestionOptions vaultOptions) {
        try {
            return vault.prepare(DatasetVersion.vaultId(datasetId), schemaOf(descriptor), source, format, vaultOptions);
        } catch (IngestionFailed failed) {
            List<IngestionError> errors = failed.errors();
            String first = errors.stream().limit(5).map(IngestionRefused::describe)
                    .reduce((a, b) -> a + "; " + b).orElse("");
            audit.recordIndependently(AuditEvent.refused("catalog.dataset.ingest", "dataset", datasetId,
                    "ingestion_refused: " + failed.error()).with("format", format).with("errors", errors.size())
                    .with("firstErrors", first));
            throw (IngestionRefused) new IngestionRefused(datasetId, errors).markAudited();
        } catch (VaultException failed) {
            audit.recordIndependently(AuditEvent.refused("catalog.dataset.ingest", "dataset", datasetId,
                    "ingestion_failed: " + failed.error()).with("format", format));
            throw new QuanyunException(ErrorCode.INGESTION_FAILED, "The vault could not store the file ("
                    + failed.error() + ")", List.of(), "dataset", datasetId.toString()).markAudited();
        }
    }

    /**
     * Records a prepared version in one transaction (its row, the dataset's current version, audit, event) and
     * publishes it in the vault right after the commit, before the event's listeners run (they may open it).
     */
    private void record(Dataset dataset, DatasetVersion version, IngestionResult result, SourceFormat format,
            PreparedVersion prepared) {
        UUID datasetId = dataset.id();
        transactions.executeWithoutResult(status -> {
            TransactionSynchronizationManager.registerSynchronization(new PublishAfterCommit(prepared, dataset.code()));
            jdbc.sql("""
                    insert into dataset_version (dataset_id, version, row_count, source_format, source_sha256,
                        plaintext_sm3, ciphertext_sm3, ciphertext_bytes, created_at, created_by, quality)
                    values (:dataset, :version, :rows, :format, :sha256, :plainSm3, :cipherSm3, :bytes, :at, :by,
                        :quality)
                    """)
                    .param("dataset", datasetId).param("version", version.version()).param("rows", version.rowCount())
                    .param("format", version.sourceFormat()).param("sha256", version.sourceSha256())
                    .param("plainSm3", result.metadata().plaintextSm3()).param("cipherSm3", version.ciphertextSm3())
                    .param("bytes", result.metadata().ciphertextBytes())
                    .param("at", OffsetDateTime.ofInstant(version.createdAt(), Zones.SHANGHAI))
                    .param("by", version.createdBy()).param("quality", JSON.writeValueAsString(version.quality()))
                    .update();
            Dataset current = load(datasetId);
            current.versionServed(version.version(), clock.instant());
            datasets.save(current);
            audit.record(AuditEvent.success("catalog.dataset.ingest", "dataset", datasetId)
                    .with("version", version.version()).with("rows", version.rowCount()).with("format", format)
                    .with("sourceSha256", version.sourceSha256()));
            events.publishEvent(new DatasetVersionPublished(datasetId, dataset.code(), version.version(),
                    version.rowCount()));
        });
    }

    /** Renames the prepared version into place once its record committed; first among the synchronizations. */
    private record PublishAfterCommit(PreparedVersion prepared, String code) implements TransactionSynchronization {

        @Override
        public int getOrder() {
            return Ordered.HIGHEST_PRECEDENCE;
        }

        @Override
        public void afterCommit() {
            try {
                prepared.publish();
            } catch (RuntimeException failed) {
                // recorded but not renamed into place: VaultRecovery publishes it at the next start
                log.error("Dataset {} version {} is recorded but could not be published yet", code,
                        prepared.version(), failed);
            }
        }
    }

    /** Whether the catalog recorded a version: what {@link Vault#recoverPrepared} asks at startup. */
    boolean recorded(String vaultId, int version) {
        UUID datasetId;
        try {
            datasetId = UUID.fromString(vaultId);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return jdbc.sql("select count(*) from dataset_version where dataset_id = :id and version = :version")
                .param("id", datasetId).param("version", version).query(Long.class).single() > 0;
    }

    /** The versions of a dataset the current actor may see, newest first; quality figures are public. */
    @Transactional(readOnly = true)
    public List<DatasetVersion> versions(UUID datasetId) {
        dataset(datasetId);
        return jdbc.sql("select * from dataset_version where dataset_id = :id order by version desc")
                .param("id", datasetId)
                .query((rs, n) -> new DatasetVersion(rs.getObject("dataset_id", UUID.class), rs.getInt("version"),
                        rs.getLong("row_count"), rs.getString("source_format"), rs.getString("source_sha256"),
                        rs.getString("ciphertext_sm3"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getString("created_by"), JSON.readValue(rs.getString("quality"), VersionQuality.class)))
                .list();
    }

    /** The version that serves now, if the dataset has one. */
    @Transactional(readOnly = true)
    public Optional<DatasetVersion> currentVersion(UUID datasetId) {
        DatasetDescriptor dataset = dataset(datasetId);
        if (dataset.currentVersion() == null) {
            return Optional.empty();
        }
        return versions(datasetId).stream().filter(v -> v.version() == dataset.currentVersion()).findFirst();
    }

    /**
     * The vault schema of a dataset: its fields in order, types one to one; a field declared not nullable is
     * required, so a missing value refuses the file with its line number.
     */
    static DatasetSchema schemaOf(DatasetDescriptor dataset) {
        return new DatasetSchema(dataset.fields().stream()
                .map(f -> f.nullable() ? FieldSpec.optional(f.name(), FieldType.valueOf(f.type()))
                        : FieldSpec.required(f.name(), FieldType.valueOf(f.type()))).toList());
    }

    /**
     * The vault computes no minimum or maximum of the fields named here, so that its metadata holds no value:
     * every field but plain attributes (direct identifiers, quasi-identifiers, sensitive attributes). The
     * catalog computes the public ranges itself (see {@link QualityChecks#showsRange}).
     */
    static IngestionOptions vaultOptions(DatasetDescriptor dataset, UploadOptions options) {
        DeclaredChecksum declared = null;
        if (options.sha256() != null && !options.sha256().isBlank()) {
            try {
                declared = new DeclaredChecksum(ChecksumAlgorithm.SHA_256, options.sha256().trim());
            } catch (IllegalArgumentException e) {
                throw QuanyunException.invalid(List.of(new io.quanyun.shared.Violation("sha256",
                        "须为64位十六进制 (64 hexadecimal digits)")));
            }
        }
        Set<String> withoutRange = new HashSet<>();
        for (FieldDescriptor field : dataset.fields()) {
            if (field.disclosureRole() != DisclosureRole.PLAIN_ATTRIBUTE) {
                withoutRange.add(field.name());
            }
        }
        try {
            return new IngestionOptions(options.charset(), declared, withoutRange, MAX_ERRORS);
        } catch (IllegalArgumentException e) {
            throw QuanyunException.invalid(List.of(new io.quanyun.shared.Violation("charset",
                    "仅支持 UTF-8 或 GB18030 (UTF-8 or GB18030 only)")));
        }
    }

    // ------------------------------------------------------------------ helpers

    private DatasetDescriptor move(Dataset dataset, DatasetState target, String action, @Nullable String reason) {
        try {
            dataset.transitionTo(target, clock.instant());
        } catch (QuanyunException refused) {
            audit.recordIndependently(AuditEvent.refused(action, "dataset", dataset.id(),
                    refused.code().code() + ": " + dataset.state() + " -> " + target));
            throw refused.markAudited();
        }
        datasets.save(dataset);
        var event = AuditEvent.success(action, "dataset", dataset.id()).with("state", target);
        audit.record(reason == null ? event : event.with("reason", reason));
        return dataset.descriptor();
    }

    private RegistrationRecord register(Dataset dataset, RegistrationKind kind, @Nullable String note) {
        Instant now = clock.instant();
        OffsetDateTime at = OffsetDateTime.ofInstant(now, Zones.SHANGHAI);
        long sequence = jdbc.sql("select count(*) from dataset_registration").query(Long.class).single() + 1;
        String code = String.format("JNSJDJ-%d-%06d", at.getYear(), sequence);
        LocalDate validUntil = kind == RegistrationKind.DEREGISTRATION ? null
                : at.toLocalDate().plusYears(REGISTRATION_YEARS);
        UUID id = UUID.randomUUID();
        String by = Actors.current().username();
        jdbc.sql("""
                insert into dataset_registration (id, dataset_id, kind, code, registered_at, valid_until, note,
                    registered_by)
                values (:id, :dataset, :kind, :code, :at, :validUntil, :note, :by)
                """)
                .param("id", id).param("dataset", dataset.id()).param("kind", kind.name()).param("code", code)
                .param("at", at).param("validUntil", validUntil).param("note", nullToEmpty(note)).param("by", by)
                .update();
        audit.record(AuditEvent.success("catalog.dataset.registration." + kind.name().toLowerCase(), "dataset",
                dataset.id()).with("registrationCode", code));
        return new RegistrationRecord(id, dataset.id(), kind, code, at, validUntil, nullToEmpty(note), by);
    }

    private static List<DatasetField> validate(RegisterDataset command) {
        Violations violations = Violations.create()
                .check(command.code() != null && CODE.matcher(command.code()).matches(), "code",
                        "代码须为2-60位小写字母、数字或下划线 (code: 2-60 lower-case letters, digits, underscores)")
                .check(command.name() != null && !command.name().isBlank() && command.name().length() <= 200, "name",
                        "名称必填 (name is required)")
                .check(command.domains() != null && !command.domains().isEmpty(), "domains",
                        "至少一个领域 (at least one domain)")
                .check(command.updateFrequency() != null && FREQUENCIES.contains(command.updateFrequency()),
                        "updateFrequency", "更新频率无效 (update frequency is not valid)")
                .check(command.fields() != null && !command.fields().isEmpty(), "fields",
                        "至少一个字段 (at least one field)");
        List<DatasetField> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int privacyUnits = 0;
        List<FieldSpecification> specifications = command.fields() == null ? List.of() : command.fields();
        for (int i = 0; i < specifications.size(); i++) {
            FieldSpecification spec = specifications.get(i);
            String at = "fields[" + i + "]";
            boolean ok = spec != null && spec.name() != null && FIELD.matcher(spec.name()).matches();
            violations.check(ok, at + ".name", "字段名无效 (field name is not valid)");
            if (spec == null) {
                continue;
            }
            violations.check(spec.name() == null || names.add(spec.name()), at + ".name",
                    "字段名重复 (duplicate field name)");
            violations.check(spec.type() != null && FIELD_TYPES.contains(spec.type()), at + ".type",
                    "类型无效 (type is not valid)");
            violations.check(spec.classification() != null, at + ".classification", "分级必填 (classification is required)");
            violations.check(spec.personalInformation() != null, at + ".personalInformation",
                    "个人信息标识必填 (personal-information mark is required)");
            violations.check(spec.disclosureRole() != null, at + ".disclosureRole",
                    "披露角色必填 (disclosure role is required)");
            boolean unit = Boolean.TRUE.equals(spec.privacyUnit());
            if (unit) {
                privacyUnits++;
                violations.check(spec.disclosureRole() == DisclosureRole.DIRECT_IDENTIFIER, at + ".privacyUnit",
                        "隐私单元须为直接标识符 (the privacy unit must be a direct identifier)");
            }
            if (ok && spec.type() != null && spec.classification() != null && spec.personalInformation() != null
                    && spec.disclosureRole() != null) {
                FieldRules rules = spec.rules() == null ? FieldRules.NONE : spec.rules();
                checkRules(at + ".rules", spec.type(), rules, violations);
                fields.add(DatasetField.of(spec.name(), spec.label() == null || spec.label().isBlank() ? spec.name()
                        : spec.label().trim(), spec.type(), !Boolean.FALSE.equals(spec.nullable()),
                        spec.classification(), spec.personalInformation(), spec.disclosureRole(), unit, rules));
            }
        }
        violations.check(privacyUnits <= 1, "fields", "至多一个隐私单元 (at most one privacy unit)");
        violations.throwIfAny();
        return fields;
    }

    /** Checks that declared rules fit the field's type and can be evaluated; adds violations under {@code at}. */
    static void checkRules(String at, String type, FieldRules rules, Violations violations) {
        boolean text = "STRING".equals(type);
        boolean dated = "DATE".equals(type) || "TIMESTAMP".equals(type);
        boolean numeric = "INTEGER".equals(type) || "DECIMAL".equals(type);
        ValidityRule check = rules.check();
        if (check != null) {
            boolean fits = switch (check) {
                case ID_CARD_NUMBER, CREDIT_CODE, PHONE, GENDER -> text;
                case DATE_RANGE -> dated || "INTEGER".equals(type);
            };
            violations.check(fits, at + ".check", "该校验不适用于此类型 (this check does not apply to the type " + type
                    + ")");
        }
        if (rules.pattern() != null) {
            boolean valid = text && rules.pattern().length() <= 200 && !RE2_UNSUPPORTED.matcher(rules.pattern()).find();
            if (valid) {
                try {
                    Pattern.compile(rules.pattern());
                } catch (java.util.regex.PatternSyntaxException e) {
                    valid = false;
                }
            }
            violations.check(valid, at + ".pattern", "须为文本字段的有效正则表达式，不含回溯引用或环视 (a valid regular"
                    + " expression for a text field, without back-references or look-around, at most 200 characters)");
        }
        for (String bound : java.util.Arrays.asList(rules.minimum(), rules.maximum())) {
            if (bound == null) {
                continue;
            }
            String name = bound == rules.minimum() ? ".minimum" : ".maximum";
            boolean valid = false;
            if (numeric) {
                try {
                    new java.math.BigDecimal(bound);
                    valid = bound.length() <= 40;
                } catch (NumberFormatException e) {
                    valid = false;
                }
            } else if (dated) {
                valid = "today".equals(bound) || DATE_BOUND.matcher(bound).matches() && parses(bound);
            }
            violations.check(valid, at + name, "须为数值或日期 yyyy-MM-dd / today，且字段为数值或日期 (a number, or a"
                    + " date yyyy-MM-dd or today, for a numeric or date field)");
        }
        if (!rules.allowedValues().isEmpty()) {
            boolean valid = text && rules.allowedValues().size() <= 100 && rules.allowedValues().stream()
                    .allMatch(v -> v.length() <= 100 && !v.contains(DatasetField.SEPARATOR));
            violations.check(valid, at + ".allowedValues", "文本字段至多100个取值，每个至多100字且不含“|” (a text"
                    + " field: at most 100 values of at most 100 characters, without '|')");
        }
    }

    private static final Pattern RE2_UNSUPPORTED = Pattern.compile("\\(\\?[=!<]|\\\\[1-9]");
    private static final Pattern DATE_BOUND = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private static boolean parses(String date) {
        try {
            LocalDate.parse(date);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /**
     * The provider declares the validity rules of one field, in any state but withdrawn; later versions' quality
     * figures apply them. Audited with the rules' summary.
     */
    @Transactional
    public DatasetDescriptor declareRules(UUID datasetId, String fieldName, FieldRules rules) {
        Dataset dataset = load(datasetId);
        requireProviderOf(Actors.current(), dataset.providerId(), "catalog.dataset.rules");
        FieldDescriptor field = dataset.descriptor().field(fieldName)
                .orElseThrow(() -> QuanyunException.notFound("field", fieldName));
        Violations violations = Violations.create();
        checkRules("rules", field.type(), rules == null ? FieldRules.NONE : rules, violations);
        violations.throwIfAny();
        try {
            dataset.declareRules(fieldName, rules, clock.instant());
        } catch (QuanyunException refused) {
            audit.recordIndependently(AuditEvent.refused("catalog.dataset.rules", "dataset", datasetId,
                    refused.code().code() + ": " + dataset.state()));
            throw refused.markAudited();
        }
        datasets.save(dataset);
        audit.record(AuditEvent.success("catalog.dataset.rules", "dataset", datasetId).with("field", fieldName)
                .with("rules", rules.summary()));
        return dataset.descriptor();
    }

    private Dataset load(UUID id) {
        return datasets.findById(id).orElseThrow(() -> QuanyunException.notFound("dataset", id));
    }

    private static boolean seesAll(Actor actor) {
        return actor.isSystem() || actor.has(Role.AUTHORITY_ADMIN) || actor.has(Role.AUDITOR);
    }

    private static boolean maySee(Actor actor, Dataset dataset) {
        return dataset.state() == DatasetState.PUBLISHED || seesAll(actor) || actor.belongsTo(dataset.providerId());
    }

    private static boolean isAuthority(Actor actor) {
        return actor.isSystem() || (actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY));
    }

    private void requireAuthority(Actor actor, String action, UUID datasetId) {
        if (!isAuthority(actor)) {
            audit.recordIndependently(AuditEvent.refused(action, "dataset", datasetId, "forbidden: not the authority"));
            throw QuanyunException.forbidden("Only the big data authority may do this").markAudited();
        }
    }

    private void requireProviderOf(Actor actor, UUID providerId, String action) {
        boolean allowed = actor.isSystem() || (actor.has(Role.PROVIDER_CLERK) && actor.belongsTo(providerId));
        if (!allowed) {
            audit.recordIndependently(AuditEvent.refused(action, "organization", providerId,
                    "forbidden: not a clerk of this provider"));
            throw QuanyunException.forbidden("Only the dataset's provider may do this").markAudited();
        }
    }

    private static void requireReason(@Nullable String reason) {
        Violations.create().check(reason != null && !reason.isBlank() && reason.length() <= 1000, "reason",
                "须说明理由 (a reason is required)").throwIfAny();
    }

    private static String nullToEmpty(@Nullable String text) {
        return text == null ? "" : text.trim();
    }
}
