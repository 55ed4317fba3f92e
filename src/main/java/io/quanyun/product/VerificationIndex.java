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
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

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
 * per subject the first 128 bits of its {@link SubjectHash} (never the identifier) and what the question needs:
 * the first 64 bits of the attribute's keyed hash for {@link VerificationComparison#EQUALS}, the latest date for
 * {@link VerificationComparison#ON_OR_AFTER} ({@link MemoryIndex}). The index lives in memory only; the table
 * {@code product_index_build} records which dataset version it was built from. A build reads the decrypted
 * version with DuckDB in memory-backed scratch space (deleted when the build ends) and replaces the product's
 * index in one step when its transaction commits; after a restart the index is built again from the same
 * (immutable) version on first use, or ahead of it by {@link #preloadAll()}.
 */
@Component
class VerificationIndex {

    private static final Logger log = LoggerFactory.getLogger(VerificationIndex.class);

    private final Vault vault;
    private final JdbcClient jdbc;
    private final SubjectHash subjectHash;
    private final Clock clock;
    private final ConcurrentMap<UUID, MemoryIndex> memories = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, Long> generations = new ConcurrentHashMap<>();

    VerificationIndex(Vault vault, JdbcClient jdbc, ConsentRegistry consents, Clock clock) {
        this.vault = vault;
        this.jdbc = jdbc;
        this.subjectHash = consents.subjectHash();
        this.clock = clock;
    }

    /**
     * Builds the product's index from the dataset's current version and records the build; the new index replaces
     * the old one when the caller's transaction commits (at once without a transaction).
     */
    long rebuild(UUID productId, DatasetDescriptor dataset, VerificationDefinition definition) {
        Integer version = dataset.currentVersion();
        if (version == null) {
            throw new QuanyunException(ErrorCode.VERIFICATION_INDEX_NOT_READY,
                    "Dataset " + dataset.code() + " has no version yet", List.of(), "product", productId.toString());
        }
        long started = System.nanoTime();
        MemoryIndex built = build(dataset.id(), version, definition);
        // rows of the index table of earlier releases (the index is in memory only now)
        jdbc.sql("delete from product_verification_index where product_id = :id").param("id", productId).update();
        jdbc.sql("delete from product_index_build where product_id = :id").param("id", productId).update();
        jdbc.sql("""
                insert into product_index_build (product_id, dataset_id, dataset_version, entries, built_at)
                values (:product, :dataset, :version, :entries, :at)
                """).param("product", productId).param("dataset", dataset.id()).param("version", version)
                .param("entries", (long) built.size())
                .param("at", OffsetDateTime.ofInstant(clock.instant(), Zones.SHANGHAI)).update();
        log.info("Verification index of product {}: {} entries ({} MB in memory) from {} version {}, built in {} ms",
                productId, built.size(), built.bytes() >> 20, dataset.code(), version,
                (System.nanoTime() - started) / 1_000_000);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    if (status == STATUS_COMMITTED) {
                        install(productId, built);
                    } else {
                        forget(productId);
                    }
                }
            });
        } else {
            install(productId, built);
        }
        return built.size();
    }

    /** The dataset version the product's index was built from, empty before the first build. */
    Optional<Integer> builtVersion(UUID productId) {
        return jdbc.sql("select dataset_version from product_index_build where product_id = :id")
                .param("id", productId).query(Integer.class).optional();
    }

    /**
     * Answers from the product's index, the input compared here and never returned; null when the index is not
     * built. After a restart the first call builds the index again from the recorded version (others wait).
     */
    @Nullable
    VerificationAnswer answer(UUID productId, VerificationDefinition definition, String subjectHashValue,
            String input) {
        MemoryIndex memory = memories.get(productId);
        if (memory == null || memory.comparison() != definition.comparison()) {
            memory = load(productId, definition);
        }
        return memory == null ? null : memory.answer(subjectHashValue, input, subjectHash);
    }

    /** Builds the indexes recorded as built (after a start), so that calls do not wait for them. */
    void preload(UUID productId, VerificationDefinition definition) {
        load(productId, definition);
    }

    /** Drops the product's index from memory (the product left the list for good). */
    void forget(UUID productId) {
        generations.merge(productId, 1L, Long::sum);
        memories.remove(productId);
    }

    private void install(UUID productId, MemoryIndex built) {
        synchronized (this) {
            generations.merge(productId, 1L, Long::sum);
            memories.put(productId, built);
        }
    }

    private synchronized @Nullable MemoryIndex load(UUID productId, VerificationDefinition definition) {
        MemoryIndex memory = memories.get(productId);
        if (memory != null && memory.comparison() == definition.comparison()) {
            return memory;
        }
        long generation = generations.getOrDefault(productId, 0L);
        var build = jdbc.sql("select dataset_id, dataset_version from product_index_build where product_id = :id")
                .param("id", productId).query((rs, row) -> new Object[] {rs.getObject(1, UUID.class), rs.getInt(2)})
                .optional();
        if (build.isEmpty()) {
            return null;
        }
        long started = System.nanoTime();
        memory = build((UUID) build.get()[0], (Integer) build.get()[1], definition);
        log.info("Verification index of product {}: {} entries ({} MB in memory) loaded again from version {} in {} ms",
                productId, memory.size(), memory.bytes() >> 20, build.get()[1], (System.nanoTime() - started) / 1_000_000);
        if (generations.getOrDefault(productId, 0L) == generation) {
            memories.put(productId, memory);
        }
        return memory;
    }

    /** Reads the version once with DuckDB: keyed hashes computed there, only their prefixes kept here. */
    private MemoryIndex build(UUID datasetId, int version, VerificationDefinition definition) {
        String subject = "CAST(" + quote(definition.subjectField()) + " AS VARCHAR)";
        String attribute = quote(definition.attributeField());
        String select = switch (definition.comparison()) {
            case EQUALS -> "SELECT DISTINCT substr(" + subjectHash.sqlExpression(subject) + ", 1, 32), substr("
                    + subjectHash.sqlExpression("CAST(" + attribute + " AS VARCHAR)") + ", 1, 16)";
            case ON_OR_AFTER -> "SELECT substr(" + subjectHash.sqlExpression(subject) + ", 1, 32), CAST(max(CAST("
                    + attribute + " AS DATE)) AS VARCHAR)";
        };
        MemoryIndex.Builder builder = new MemoryIndex.Builder(definition.comparison(), version);
        try (DecryptedTable table = vault.open(datasetId.toString(), version);
                Connection connection = lockedDown(table.path().toString());
                Statement statement = connection.createStatement()) {
            String sql = select + " FROM read_parquet('" + table.path().toString().replace("'", "''") + "') WHERE "
                    + quote(definition.subjectField()) + " IS NOT NULL AND " + attribute + " IS NOT NULL"
                    + (definition.comparison() == VerificationComparison.ON_OR_AFTER ? " GROUP BY 1" : "");
            try (ResultSet rows = statement.executeQuery(sql)) {
                while (rows.next()) {
                    builder.add(rows.getString(1), rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new QuanyunException(ErrorCode.INTERNAL_ERROR, "The verification index could not be built");
        }
        return builder.build();
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
