package io.quanyun.product;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.SubjectHash;
import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Zones;

/**
 * The index a verification product answers from, built inside the platform from the dataset's current version:
 * per subject its {@link SubjectHash} (never the identifier) and what the question needs: the keyed hash of the
 * attribute for {@link VerificationComparison#EQUALS}, the latest date for {@link VerificationComparison#ON_OR_AFTER}.
 * The decrypted version is read by DuckDB in memory-backed scratch space and deleted when the build ends.
 */
@Component
class VerificationIndex {

    private static final int BATCH = 5_000;

    private final Vault vault;
    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final SubjectHash subjectHash;
    private final Clock clock;
    private final java.util.concurrent.ConcurrentMap<UUID, MemoryIndex> memories =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentMap<UUID, Long> generations =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(VerificationIndex.class);

    VerificationIndex(Vault vault, JdbcClient jdbc, JdbcTemplate template, ConsentRegistry consents, Clock clock) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.template = template;
        this.subjectHash = consents.subjectHash();
        this.clock = clock;
    }

    /** Replaces the product's index by one built from the dataset's current version. Runs in the caller's transaction. */
    long rebuild(UUID productId, DatasetDescriptor dataset, VerificationDefinition definition) {
        Integer version = dataset.currentVersion();
        if (version == null) {
            throw new QuanyunException(ErrorCode.VERIFICATION_INDEX_NOT_READY,
                    "Dataset " + dataset.code() + " has no version yet", List.of(), "product", productId.toString());
        }
        forgetAroundCommit(productId, definition.comparison());
        jdbc.sql("delete from product_verification_index where product_id = :id").param("id", productId).update();
        jdbc.sql("delete from product_index_build where product_id = :id").param("id", productId).update();
        String subject = "CAST(" + quote(definition.subjectField()) + " AS VARCHAR)";
        String attribute = quote(definition.attributeField());
        String select = switch (definition.comparison()) {
            case EQUALS -> "SELECT DISTINCT " + subjectHash.sqlExpression(subject) + ", "
                    + subjectHash.sqlExpression("CAST(" + attribute + " AS VARCHAR)");
            case ON_OR_AFTER -> "SELECT " + subjectHash.sqlExpression(subject) + ", CAST(max(CAST(" + attribute
                    + " AS DATE)) AS VARCHAR)";
        };
        long entries = 0;
        try (DecryptedTable table = vault.open(dataset.id().toString(), version);
                Connection connection = lockedDown(table.path().toString());
                Statement statement = connection.createStatement()) {
            String sql = select + " FROM read_parquet('" + table.path().toString().replace("'", "''") + "') WHERE "
                    + quote(definition.subjectField()) + " IS NOT NULL AND " + attribute + " IS NOT NULL"
                    + (definition.comparison() == VerificationComparison.ON_OR_AFTER ? " GROUP BY 1" : "");
            try (ResultSet rows = statement.executeQuery(sql)) {
                List<Object[]> batch = new ArrayList<>(BATCH);
                while (rows.next()) {
                    batch.add(new Object[] {productId, rows.getString(1), rows.getString(2)});
                    if (batch.size() == BATCH) {
                        entries += insert(batch);
                    }
                }
                entries += insert(batch);
            }
        } catch (SQLException e) {
            throw new QuanyunException(ErrorCode.INTERNAL_ERROR, "The verification index could not be built");
        }
        jdbc.sql("""
                insert into product_index_build (product_id, dataset_id, dataset_version, entries, built_at)
                values (:product, :dataset, :version, :entries, :at)
                """).param("product", productId).param("dataset", dataset.id()).param("version", version)
                .param("entries", entries).param("at", OffsetDateTime.ofInstant(clock.instant(), Zones.SHANGHAI))
                .update();
        return entries;
    }

    /** The dataset version the product's index was built from, empty before the first build. */
    Optional<Integer> builtVersion(UUID productId) {
        return jdbc.sql("select dataset_version from product_index_build where product_id = :id")
                .param("id", productId).query(Integer.class).optional();
    }

    /**
     * Answers from the in-memory copy of the index ({@link MemoryIndex}), loaded from the table on first use and
     * again after every rebuild commits; null when the product's index is not built.
     */
    @Nullable
    VerificationAnswer answerFromMemory(UUID productId, VerificationComparison comparison, String subjectHashValue,
            String input) {
        MemoryIndex memory = memory(productId, comparison);
        return memory == null ? null : memory.answer(subjectHashValue, input, subjectHash);
    }

    private @Nullable MemoryIndex memory(UUID productId, VerificationComparison comparison) {
        MemoryIndex memory = memories.get(productId);
        if (memory != null && memory.comparison() == comparison) {
            return memory;
        }
        synchronized (this) {
            memory = memories.get(productId);
            if (memory != null && memory.comparison() == comparison) {
                return memory;
            }
            long generation = generations.getOrDefault(productId, 0L);
            Optional<Integer> version = builtVersion(productId);
            if (version.isEmpty()) {
                return null;
            }
            memory = load(productId, comparison, version.get());
            if (generations.getOrDefault(productId, 0L) == generation) {
                memories.put(productId, memory);
            }
            return memory;
        }
    }

    /** Drops the in-memory copy (a rebuild committed or rolled back); the next call loads the table again. */
    void forget(UUID productId) {
        generations.merge(productId, 1L, Long::sum);
        memories.remove(productId);
    }

    /** Loads the product's index from the table into memory, now (after a rebuild, so that calls do not wait). */
    void preload(UUID productId, VerificationComparison comparison) {
        forget(productId);
        long started = System.nanoTime();
        MemoryIndex memory = memory(productId, comparison);
        if (memory != null) {
            log.info("Verification index of product {} in memory: {} entries, {} MB, loaded in {} ms", productId,
                    memory.size(), memory.bytes() >> 20, (System.nanoTime() - started) / 1_000_000);
        }
    }

    private MemoryIndex load(UUID productId, VerificationComparison comparison, int version) {
        MemoryIndex.Builder builder = new MemoryIndex.Builder(comparison, version);
        template.query(connection -> {
            java.sql.PreparedStatement statement = connection.prepareStatement(
                    "select subject_hash, attribute from product_verification_index where product_id = ?",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
            statement.setObject(1, productId);
            statement.setFetchSize(10_000);
            return statement;
        }, (org.springframework.jdbc.core.RowCallbackHandler) row -> builder.add(row.getString(1), row.getString(2)));
        return builder.build();
    }

    /** Answers from the index table (the durable form; the console's test call uses it). */
    VerificationAnswer answer(UUID productId, VerificationComparison comparison, String subjectHashValue,
            String input) {
        List<String> attributes = jdbc.sql(
                "select attribute from product_verification_index where product_id = :id and subject_hash = :hash")
                .param("id", productId).param("hash", subjectHashValue).query(String.class).list();
        if (attributes.isEmpty()) {
            return VerificationAnswer.NOT_FOUND;
        }
        boolean match = switch (comparison) {
            case EQUALS -> attributes.contains(subjectHash.of(input));
            case ON_OR_AFTER -> {
                LocalDate since = LocalDate.parse(input.trim());
                yield attributes.stream().map(LocalDate::parse).anyMatch(latest -> !latest.isBefore(since));
            }
        };
        return match ? VerificationAnswer.MATCH : VerificationAnswer.NO_MATCH;
    }

    /**
     * Drops the in-memory copy now and again when the rebuilding transaction completes; after a commit the new
     * index is loaded at once, so that the first call does not wait for it.
     */
    private void forgetAroundCommit(UUID productId, VerificationComparison comparison) {
        forget(productId);
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCompletion(int status) {
                            forget(productId);
                            if (status == STATUS_COMMITTED) {
                                Thread loader = new Thread(() -> preload(productId, comparison),
                                        "verification-index-load");
                                loader.setDaemon(true);
                                loader.start();
                            }
                        }
                    });
        }
    }

    /** Whether the input is well-formed for the comparison. */
    static boolean validInput(VerificationComparison comparison, String input) {
        return switch (comparison) {
            case EQUALS -> !input.isBlank() && input.length() <= 200;
            case ON_OR_AFTER -> {
                try {
                    LocalDate.parse(input.trim());
                    yield true;
                } catch (DateTimeParseException e) {
                    yield false;
                }
            }
        };
    }

    String hashOf(String identifier) {
        return subjectHash.of(identifier);
    }

    private int insert(List<Object[]> batch) {
        if (batch.isEmpty()) {
            return 0;
        }
        template.batchUpdate(
                "insert into product_verification_index (product_id, subject_hash, attribute) values (?, ?, ?)",
                batch);
        int size = batch.size();
        batch.clear();
        return size;
    }

    private static Connection lockedDown(String parquet) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET allowed_paths = ['" + parquet.replace("'", "''") + "']");
            statement.execute("SET autoinstall_known_extensions = false");
            statement.execute("SET autoload_known_extensions = false");
            statement.execute("SET max_temp_directory_size = '0B'");
            statement.execute("SET enable_external_access = false");
            statement.execute("SET lock_configuration = true");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
