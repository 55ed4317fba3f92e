package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.Digest;
import org.jspecify.annotations.Nullable;

/**
 * The vault: ingests files into immutable encrypted dataset versions and decrypts a version into
 * memory-backed storage for the analytic engine.
 *
 * <p>On disk, under the data directory:
 * <pre>
 * vault/&lt;datasetId&gt;/.lock                  serialises ingestions of the dataset
 * vault/&lt;datasetId&gt;/v&lt;N&gt;/data.parquet.sm4   Parquet (zstd) in SM4-GCM chunks, see {@link VersionMetadata#CIPHER}
 * vault/&lt;datasetId&gt;/v&lt;N&gt;/meta.json         {@link VersionMetadata}: counts, checksums, schema, wrapped key, profile
 * vault/&lt;datasetId&gt;/v&lt;N&gt;/meta.mac          HMAC-SM3 of meta.json under a key derived from the master key
 * vault/&lt;datasetId&gt;/.staging-&lt;random&gt;/      a version being written (ciphertext only), renamed atomically to .prepared-v&lt;N&gt;
 * vault/&lt;datasetId&gt;/.prepared-v&lt;N&gt;/        a complete version not yet published, renamed atomically to v&lt;N&gt;
 * </pre>
 * Directories are 0700, files 0600. The current version is the highest {@code v<N>}; a version
 * directory appears whole or not at all, and is never changed afterwards.
 *
 * <p>Thread-safe. Ingestions of one dataset run one at a time (also across processes, by a file
 * lock); ingestions of different datasets and reads run in parallel.
 */
public final class Vault {

    static final String DATA_FILE = "data.parquet.sm4";
    static final String PREPARED = ".prepared-v";
    private static final Pattern PREPARED_DIRECTORY = Pattern.compile("\\.prepared-v([1-9][0-9]{0,8})");
    private static final Pattern VERSION_DIRECTORY = Pattern.compile("v([1-9][0-9]{0,8})");
    private static final int BUFFER = 1 << 16;

    private final Path root;
    private final MasterKey masterKey;
    private final ScratchSpace scratch;
    private final Clock clock;
    private final IngestionHook hook;
    private final long rowsPerPart;
    private final int chunkSize;
    /** One lock per dataset directory in this JVM (file locks do not exclude threads of one JVM). */
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    /**
     * @param dataDirectory the application's data directory; the vault lives in its {@code vault}
     *     subdirectory, created (0700) if missing
     * @param masterKey the master key that wraps the data keys
     * @param scratch where plaintext may be held: {@link ScratchSpace#memoryBacked()} in production
     * @param clock the source of version creation times
     */
    public Vault(Path dataDirectory, MasterKey masterKey, ScratchSpace scratch, Clock clock) {
        this(dataDirectory, masterKey, scratch, clock, IngestionHook.NONE, ParquetStaging.DEFAULT_ROWS_PER_PART,
                ChunkedCipher.DEFAULT_CHUNK_SIZE);
    }

    Vault(Path dataDirectory, MasterKey masterKey, ScratchSpace scratch, Clock clock, IngestionHook hook, long rowsPerPart,
            int chunkSize) {
        this.root = requireNonNull(dataDirectory, "dataDirectory is null").resolve("vault");
        this.masterKey = requireNonNull(masterKey, "masterKey is null");
        this.scratch = requireNonNull(scratch, "scratch is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.hook = requireNonNull(hook, "hook is null");
        if (rowsPerPart < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("rowsPerPart and chunkSize are positive");
        }
        this.rowsPerPart = rowsPerPart;
        this.chunkSize = chunkSize;
        try {
            SecureFiles.createDirectories(root);
            removeAbandonedStaging();
        } catch (IOException e) {
            throw new VaultException(VaultError.IO, "could not create the vault directory " + root, e);
        }
    }

    /**
     * Deletes staging directories that a killed process left (they hold ciphertext only), for
     * each dataset whose lock is free right now.
     */
    private void removeAbandonedStaging() throws IOException {
        try (DirectoryStream<Path> datasets = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path datasetDirectory : datasets) {
                ReentrantLock lock = lockOf(datasetDirectory);
                if (!lock.tryLock()) {
                    continue;
                }
                try (FileChannel lockFile = openLockFile(datasetDirectory); FileLock held = lockFile.tryLock()) {
                    if (held == null) {
                        continue;
                    }
                    try (DirectoryStream<Path> staging = Files.newDirectoryStream(datasetDirectory, ".staging-*")) {
                        for (Path abandoned : staging) {
                            SecureFiles.deleteQuietly(abandoned);
                        }
                    }
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    private static ReentrantLock lockOf(Path datasetDirectory) {
        return LOCKS.computeIfAbsent(datasetDirectory.toAbsolutePath().normalize(), path -> new ReentrantLock());
    }

    private static FileChannel openLockFile(Path datasetDirectory) throws IOException {
        return FileChannel.open(datasetDirectory.resolve(".lock"),
                java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), SecureFiles.ownerFile());
    }

    /**
     * Ingests a file into a new version of the dataset and publishes it at once: {@link #prepare}
     * followed by {@link PreparedVersion#publish()}. Callers that record the version elsewhere (the
     * catalog's database) use {@code prepare} and publish only after their record committed.
     *
     * @param datasetId the dataset ({@code [a-z0-9][a-z0-9_-]{0,63}})
     * @param schema the schema the file must fit
     * @param source the file; for Parquet and XLSX it is read in place, so it should itself be in
     *     memory-backed storage (the application's upload area)
     * @param format the file's format
     * @param options charset, declared checksum, identifier fields, error limit
     * @return the new version, which is now the current one
     * @throws IngestionFailed when the file does not fit (the current version is untouched)
     * @throws VaultException {@link VaultError#IO} when files cannot be read or written
     */
    public IngestionResult ingest(String datasetId, DatasetSchema schema, Path source, SourceFormat format,
            IngestionOptions options) {
        try (PreparedVersion prepared = prepare(datasetId, schema, source, format, options)) {
            prepared.publish();
            return prepared.result();
        }
    }

    /**
     * Ingests a stream into a new version of the dataset; the stream is read to its end but not
     * closed. A Parquet or XLSX stream is first copied into scratch space (both formats need
     * random access).
     *
     * @see #ingest(String, DatasetSchema, Path, SourceFormat, IngestionOptions)
     */
    public IngestionResult ingest(String datasetId, DatasetSchema schema, InputStream source, SourceFormat format,
            IngestionOptions options) {
        try (PreparedVersion prepared = prepare(datasetId, schema, source, format, options)) {
            prepared.publish();
            return prepared.result();
        }
    }

    /**
     * Checks, converts and encrypts a file into a new version that is complete on disk but not yet
     * visible: it is not listed by {@link #versions}, {@link #currentVersion} or {@link #open}
     * until {@link PreparedVersion#publish()}. The caller records the version (for example in a
     * database transaction) and then publishes it, or closes it unpublished to discard it. The
     * dataset stays locked against other ingestions until then; publish or close the prepared
     * version on the thread that prepared it.
     *
     * <p>A prepared version that a crash left behind is settled by {@link #recoverPrepared}: published
     * if the caller's record committed, deleted otherwise.
     *
     * @see #ingest(String, DatasetSchema, Path, SourceFormat, IngestionOptions)
     */
    public PreparedVersion prepare(String datasetId, DatasetSchema schema, Path source, SourceFormat format,
            IngestionOptions options) {
        requireNonNull(source, "source is null");
        return prepare(datasetId, schema, format, options, source, null);
    }

    /**
     * Like {@link #prepare(String, DatasetSchema, Path, SourceFormat, IngestionOptions)} for a
     * stream, which is read to its end but not closed.
     */
    public PreparedVersion prepare(String datasetId, DatasetSchema schema, InputStream source, SourceFormat format,
            IngestionOptions options) {
        requireNonNull(source, "source is null");
        return prepare(datasetId, schema, format, options, null, source);
    }

    private PreparedVersion prepare(String datasetId, DatasetSchema schema, SourceFormat format, IngestionOptions options,
            @Nullable Path sourceFile, @Nullable InputStream sourceStream) {
        DatasetIds.requireValid(datasetId);
        requireNonNull(schema, "schema is null");
        requireNonNull(format, "format is null");
        requireNonNull(options, "options is null");
        for (String identifier : options.identifierFields()) {
            if (!schema.hasField(identifier)) {
                throw new IllegalArgumentException("identifier field " + identifier + " is not in the schema");
            }
        }
        Path datasetDirectory = root.resolve(datasetId);
        ReentrantLock lock = lockOf(datasetDirectory);
        lock.lock();
        FileChannel lockFile = null;
        FileLock held = null;
        boolean handedOver = false;
        try {
            SecureFiles.createDirectories(datasetDirectory);
            lockFile = openLockFile(datasetDirectory);
            held = lockFile.lock();
            Path prepared = ingestLocked(datasetId, datasetDirectory, schema, format, options, sourceFile, sourceStream);
            VersionMetadata metadata = readMetadata(prepared, datasetId, versionOfPrepared(prepared));
            PreparedVersion version = new PreparedVersion(this, datasetDirectory, prepared, metadata, lock, lockFile, held);
            handedOver = true;
            return version;
        } catch (IOException e) {
            throw new VaultException(VaultError.IO, "ingestion of " + datasetId + " failed to read or write a file", e);
        } finally {
            if (!handedOver) {
                releaseQuietly(lockFile, held);
                lock.unlock();
            }
        }
    }

    static void releaseQuietly(@Nullable FileChannel lockFile, @Nullable FileLock held) {
        try {
            if (held != null && held.isValid()) {
                held.release();
            }
        } catch (IOException ignored) {
            // closing the channel releases it as well
        }
        try {
            if (lockFile != null) {
                lockFile.close();
            }
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    void reached(IngestionStage stage) {
        hook.reached(stage);
    }

    /**
     * Settles the prepared versions that a crashed or killed process left between
     * {@link #prepare} and publication: a version the caller recorded ({@code committed} answers
     * true for the dataset id and version) is published, any other is deleted. Datasets whose
     * ingestion is running now are skipped. Call once at startup, before serving.
     *
     * @param committed whether the caller's record of a dataset's version exists
     * @return one line per settled version ({@code "<datasetId> v<N> published"} or
     *     {@code "... discarded"})
     */
    public List<String> recoverPrepared(java.util.function.BiPredicate<String, Integer> committed) {
        requireNonNull(committed, "committed is null");
        List<String> settled = new ArrayList<>();
        try (DirectoryStream<Path> datasets = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path datasetDirectory : datasets) {
                String datasetId = datasetDirectory.getFileName().toString();
                ReentrantLock lock = lockOf(datasetDirectory);
                if (!lock.tryLock()) {
                    continue;
                }
                try (FileChannel lockFile = openLockFile(datasetDirectory); FileLock held = lockFile.tryLock()) {
                    if (held == null) {
                        continue;
                    }
                    try (DirectoryStream<Path> prepared = Files.newDirectoryStream(datasetDirectory, PREPARED + "*")) {
                        for (Path candidate : prepared) {
                            int version = versionOfPrepared(candidate);
                            Path target = datasetDirectory.resolve("v" + version);
                            if (version > 0 && !Files.exists(target) && committed.test(datasetId, version)) {
                                Files.move(candidate, target, StandardCopyOption.ATOMIC_MOVE);
                                SecureFiles.sync(datasetDirectory);
                                settled.add(datasetId + " v" + version + " published");
                            } else {
                                SecureFiles.deleteQuietly(candidate);
                                settled.add(datasetId + " v" + version + " discarded");
                            }
                        }
                    }
                } finally {
                    lock.unlock();
                }
            }
        } catch (IOException e) {
            throw new VaultException(VaultError.IO, "could not settle the prepared versions under " + root, e);
        }
        return settled;
    }

    static int versionOfPrepared(Path prepared) {
        Matcher matcher = PREPARED_DIRECTORY.matcher(prepared.getFileName().toString());
        return matcher.matches() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    /** @return the prepared version's directory */
    private Path ingestLocked(String datasetId, Path datasetDirectory, DatasetSchema schema,
            SourceFormat format, IngestionOptions options, @Nullable Path sourceFile, @Nullable InputStream sourceStream)
            throws IOException {
        Path work = scratch.newDirectory("ingest-" + datasetId);
        Path staging = null;
        byte[] dataKey = null;
        try {
            Path plaintext = work.resolve("data.parquet");
            Digest sha256 = Digests.sha256();
            DeclaredChecksum declared = options.declaredChecksum();
            // BouncyCastle's SM3 runs at a fraction of the JDK's SHA-256: only when declared
            Digest sm3 = declared != null && declared.algorithm() == ChecksumAlgorithm.SM3 ? Digests.sm3() : Digests.none();
            RowChecker checker;
            QualityProfile quality;
            try (ParquetStaging table = new ParquetStaging(schema, work, rowsPerPart)) {
                checker = new RowChecker(schema, options.maxErrors(), table);
                boolean written = read(format, options, sourceFile, sourceStream, work, table, checker, sha256, sm3, plaintext);
                String sourceSha256 = Digests.hex(sha256);
                String sourceSm3 = Digests.hex(sm3);
                List<IngestionError> errors = new ArrayList<>(checker.errors());
                if (declared != null && !declared.hex().equals(
                        declared.algorithm() == ChecksumAlgorithm.SHA_256 ? sourceSha256 : sourceSm3)) {
                    errors.add(0, new IngestionError(0, null, VaultError.CHECKSUM_MISMATCH,
                            "the file's " + declared.algorithm() + " checksum differs from the declared one"));
                }
                if (!errors.isEmpty() || !written) {
                    throw new IngestionFailed(datasetId, errors, checker.stoppedEarly());
                }
                Files.setPosixFilePermissions(plaintext, SecureFiles.OWNER_FILE);
                hook.reached(IngestionStage.PLAINTEXT_WRITTEN);
                quality = QualityProfiler.profile(table.connection(), plaintext, schema, options.identifierFields());
                staging = SecureFiles.createDirectory(datasetDirectory.resolve(".staging-" + UUID.randomUUID()));
                dataKey = DataKeys.newDataKey();
                return seal(datasetId, datasetDirectory, schema, format, sourceSha256, plaintext, quality, staging, dataKey);
            } catch (SQLException e) {
                throw new VaultException(VaultError.IO, DuckDb.describe("ingesting " + datasetId, e));
            }
        } finally {
            if (staging != null && Files.exists(staging)) {
                SecureFiles.deleteQuietly(staging);
            }
            SecureFiles.deleteQuietly(work);
            if (dataKey != null) {
                Arrays.fill(dataKey, (byte) 0);
            }
        }
    }

    /** @return whether a plaintext Parquet file was written (false when errors were found) */
    private boolean read(SourceFormat format, IngestionOptions options, @Nullable Path sourceFile,
            @Nullable InputStream sourceStream, Path work, ParquetStaging table, RowChecker checker, Digest sha256,
            Digest sm3, Path plaintext) throws IOException, SQLException {
        if (format == SourceFormat.CSV) {
            try (InputStream opened = sourceFile != null ? Files.newInputStream(sourceFile) : null) {
                InputStream raw = opened != null ? opened : requireNonNull(sourceStream);
                DigestingInputStream digesting = new DigestingInputStream(raw, sha256, sm3);
                CsvSource.read(digesting, options.charset(), checker);
                if (checker.errors().isEmpty() || options.declaredChecksum() != null) {
                    // reading may have stopped at an error: the declared checksum covers every byte
                    digesting.transferTo(OutputStream.nullOutputStream());
                }
            } catch (NoSuchFileException e) {
                throw new VaultException(VaultError.NOT_FOUND, "the source file " + e.getFile() + " does not exist");
            }
            if (!checker.errors().isEmpty()) {
                return false;
            }
            table.finish(plaintext);
            return true;
        }
        Path file = localCopy(sourceFile, sourceStream, work, sha256, sm3);
        if (format == SourceFormat.XLSX) {
            XlsxSource.read(file, work, checker);
            if (!checker.errors().isEmpty()) {
                return false;
            }
            table.finish(plaintext);
            return true;
        }
        return ParquetSource.convert(table.connection(), file, checker.schema(), checker, checker.maxErrors(), plaintext) >= 0;
    }

    /** Digests a source file, or copies a stream into scratch space while digesting it. */
    private static Path localCopy(@Nullable Path sourceFile, @Nullable InputStream sourceStream, Path work, Digest sha256,
            Digest sm3) throws IOException {
        if (sourceFile != null) {
            if (!Files.isRegularFile(sourceFile)) {
                throw new VaultException(VaultError.NOT_FOUND, "the source file " + sourceFile + " does not exist");
            }
            try (InputStream input = Files.newInputStream(sourceFile)) {
                new DigestingInputStream(input, sha256, sm3).transferTo(OutputStream.nullOutputStream());
            }
            return sourceFile;
        }
        Path copy = SecureFiles.createFile(work.resolve("source"));
        try (OutputStream output = Files.newOutputStream(copy, StandardOpenOption.WRITE)) {
            new DigestingInputStream(requireNonNull(sourceStream), sha256, sm3).transferTo(output);
        }
        return copy;
    }

    /** Encrypts into the staging directory and renames it to {@code .prepared-v<N>}; returns that. */
    private Path seal(String datasetId, Path datasetDirectory, DatasetSchema schema, SourceFormat format,
            String sourceSha256, Path plaintext, QualityProfile quality, Path staging, byte[] dataKey) throws IOException {
        int version = nextVersion(datasetDirectory);
        String wrappedKey = DataKeys.wrap(masterKey, dataKey, datasetId, version);
        Path encrypted = SecureFiles.createFile(staging.resolve(DATA_FILE));
        Digest plaintextSm3 = Digests.sm3();
        Digest ciphertextSm3 = Digests.sm3();
        long ciphertextBytes;
        try (InputStream input = Files.newInputStream(plaintext);
                OutputStream output = new BufferedOutputStream(Files.newOutputStream(encrypted, StandardOpenOption.WRITE), BUFFER)) {
            ciphertextBytes = new ChunkedCipher(dataKey, datasetId, version)
                    .encrypt(input, output, chunkSize, plaintextSm3, ciphertextSm3);
        }
        SecureFiles.sync(encrypted);
        hook.reached(IngestionStage.ENCRYPTED);
        VersionMetadata metadata = new VersionMetadata(datasetId, version, clock.instant(), format, sourceSha256,
                quality.rowCount(), schema, VersionMetadata.CIPHER, Files.size(plaintext), Digests.hex(plaintextSm3),
                ciphertextBytes, Digests.hex(ciphertextSm3), masterKey.id(), wrappedKey, quality);
        MetadataFiles.write(staging, metadata, masterKey);
        SecureFiles.sync(staging);
        Path prepared = datasetDirectory.resolve(PREPARED + version);
        Files.move(staging, prepared, StandardCopyOption.ATOMIC_MOVE);
        SecureFiles.sync(datasetDirectory);
        return prepared;
    }

    private static int nextVersion(Path datasetDirectory) throws IOException {
        int highest = 0;
        List<Integer> versions = versionsIn(datasetDirectory);
        if (!versions.isEmpty()) {
            highest = versions.get(versions.size() - 1);
        }
        try (DirectoryStream<Path> prepared = Files.newDirectoryStream(datasetDirectory, PREPARED + "*")) {
            for (Path candidate : prepared) {
                highest = Math.max(highest, versionOfPrepared(candidate));
            }
        }
        return highest + 1;
    }

    /**
     * Decrypts a version into memory-backed scratch space for the engine, verifying every GCM tag,
     * the chunk sequence, the metadata MAC and the plaintext's SM3 checksum first.
     *
     * @param datasetId the dataset
     * @param version the version
     * @return the decrypted table; close it to delete the plaintext
     * @throws VaultException {@link VaultError#NOT_FOUND} if there is no such version,
     *     {@link VaultError#WRONG_MASTER_KEY} if it was written under another master key
     * @throws VaultCorrupted if any file of the version was altered or truncated
     */
    public DecryptedTable open(String datasetId, int version) {
        return open(versionDirectory(datasetId, version), datasetId, version);
    }

    DecryptedTable open(Path directory, String datasetId, int version) {
        String label = datasetId + " v" + version;
        VersionMetadata metadata = readMetadata(directory, datasetId, version);
        byte[] dataKey = DataKeys.unwrap(masterKey, metadata.wrappedDataKey(), datasetId, version);
        Path output = null;
        try {
            output = scratch.newFile(datasetId + "-v" + version, ".parquet");
            Digest plaintextSm3 = Digests.sm3();
            try (InputStream input = new BufferedInputStream(Files.newInputStream(directory.resolve(DATA_FILE)), BUFFER);
                    OutputStream out = new BufferedOutputStream(Files.newOutputStream(output, StandardOpenOption.WRITE), BUFFER)) {
                // every chunk's GCM tag authenticates the ciphertext; SM3 of it is not recomputed here
                new ChunkedCipher(dataKey, datasetId, version).decrypt(input, out, plaintextSm3, Digests.none(), label);
            }
            if (!Digests.hex(plaintextSm3).equals(metadata.plaintextSm3())) {
                throw new VaultCorrupted(label + ": the decrypted file's SM3 checksum differs from its metadata");
            }
            DecryptedTable table = new DecryptedTable(output, metadata);
            output = null;
            return table;
        } catch (NoSuchFileException e) {
            throw new VaultCorrupted(label + ": its encrypted file is missing");
        } catch (IOException e) {
            throw new VaultException(VaultError.IO, label + ": could not decrypt into scratch space", e);
        } finally {
            Arrays.fill(dataKey, (byte) 0);
            if (output != null) {
                SecureFiles.deleteQuietly(output);
            }
        }
    }

    /**
     * @return the current version decrypted, see {@link #open(String, int)}
     * @throws VaultException {@link VaultError#NOT_FOUND} if the dataset has no version
     */
    public DecryptedTable openCurrent(String datasetId) {
        int version = currentVersion(datasetId).orElseThrow(
                () -> new VaultException(VaultError.NOT_FOUND, "dataset " + datasetId + " has no version"));
        return open(datasetId, version);
    }

    /**
     * @return the metadata of a version, after verifying its MAC
     * @throws VaultException {@link VaultError#NOT_FOUND} if there is no such version
     */
    public VersionMetadata metadata(String datasetId, int version) {
        return readMetadata(versionDirectory(datasetId, version), datasetId, version);
    }

    /**
     * @return a copy of the consent registry's subject-hash key, a key of its own kept wrapped under
     *     the master key in {@code vault/subject-hash.key} (created on first use), so that
     *     {@link MasterKeyRotation} keeps every stored subject hash valid
     * @throws VaultException {@link VaultError#WRONG_MASTER_KEY} if it is wrapped under another key
     */
    public byte[] subjectHashKey() {
        return SubjectHashKeyFile.load(root, masterKey);
    }

    /** @return the dataset's versions in ascending order, empty if it has none */
    public List<Integer> versions(String datasetId) {
        try {
            return versionsIn(root.resolve(DatasetIds.requireValid(datasetId)));
        } catch (IOException e) {
            throw new VaultException(VaultError.IO, "could not list the versions of " + datasetId, e);
        }
    }

    /** @return the highest version of the dataset, empty if it has none */
    public OptionalInt currentVersion(String datasetId) {
        List<Integer> versions = versions(datasetId);
        return versions.isEmpty() ? OptionalInt.empty() : OptionalInt.of(versions.get(versions.size() - 1));
    }

    private VersionMetadata readMetadata(Path directory, String datasetId, int version) {
        String label = datasetId + " v" + version;
        VersionMetadata metadata = MetadataFiles.read(directory, masterKey, label);
        if (!metadata.datasetId().equals(datasetId) || metadata.version() != version) {
            throw new VaultCorrupted(label + ": its metadata belongs to another version");
        }
        return metadata;
    }

    private Path versionDirectory(String datasetId, int version) {
        DatasetIds.requireValid(datasetId);
        if (version < 1) {
            throw new IllegalArgumentException("versions start at 1");
        }
        Path directory = root.resolve(datasetId).resolve("v" + version);
        if (!Files.isDirectory(directory)) {
            throw new VaultException(VaultError.NOT_FOUND, "dataset " + datasetId + " has no version " + version);
        }
        return directory;
    }

    private static List<Integer> versionsIn(Path datasetDirectory) throws IOException {
        List<Integer> versions = new ArrayList<>();
        if (!Files.isDirectory(datasetDirectory)) {
            return versions;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(datasetDirectory)) {
            for (Path entry : entries) {
                Matcher matcher = VERSION_DIRECTORY.matcher(entry.getFileName().toString());
                if (matcher.matches() && Files.isDirectory(entry)) {
                    versions.add(Integer.parseInt(matcher.group(1)));
                }
            }
        }
        versions.sort(null);
        return versions;
    }
}
