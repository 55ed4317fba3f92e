package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the vault may hold plaintext: intermediate Parquet files during ingestion and decrypted
 * tables for the engine. In production it is memory-backed ({@code tmpfs}), so plaintext never
 * reaches persistent disk; every directory is 0700, every file 0600, and each is deleted when its
 * ingestion ends or its table is closed.
 *
 * <p>A memory-backed scratch space deletes its directory when the JVM shuts down, and removes
 * the directories that vault processes which no longer run left behind.
 *
 * <p>Note that tmpfs pages can be swapped out: run the vault's hosts without swap, or with
 * encrypted swap.
 */
public final class ScratchSpace {

    private static final Path DEV_SHM = Path.of("/dev/shm");
    private static final String PREFIX = "quanyun-vault-";
    private static final Pattern OWNED = Pattern.compile("quanyun-vault-(\\d+)-[0-9a-f]{16}");
    private static final Set<String> MEMORY_FILE_SYSTEMS = Set.of("tmpfs", "ramfs");

    private final Path root;
    private final boolean memoryBacked;

    private ScratchSpace(Path root, boolean memoryBacked) {
        this.root = root;
        this.memoryBacked = memoryBacked;
    }

    /**
     * The production scratch space: a private directory under {@code /dev/shm}.
     *
     * @throws VaultException {@link VaultError#IO} if {@code /dev/shm} is missing, not writable
     *     or not memory-backed: the vault then refuses to run rather than write plaintext to disk
     */
    public static ScratchSpace memoryBacked() {
        return memoryBacked(DEV_SHM);
    }

    /**
     * A memory-backed scratch space under the given tmpfs or ramfs mount.
     *
     * @throws VaultException {@link VaultError#IO} if the directory is missing, not writable or
     *     not on a memory-backed file system
     */
    public static ScratchSpace memoryBacked(Path mount) {
        requireNonNull(mount, "mount is null");
        if (!Files.isDirectory(mount) || !Files.isWritable(mount)) {
            throw new VaultException(VaultError.IO, "no writable memory-backed scratch directory at " + mount
                    + ": refusing to hold plaintext elsewhere");
        }
        try {
            String type = Files.getFileStore(mount).type().toLowerCase(Locale.ROOT);
            if (!MEMORY_FILE_SYSTEMS.contains(type)) {
                throw new VaultException(VaultError.IO, mount + " is on a " + type
                        + " file system, not tmpfs: refusing to hold plaintext there");
            }
            removeAbandoned(mount);
            Path root = mount.resolve(PREFIX + ProcessHandle.current().pid() + "-" + shortId());
            SecureFiles.createDirectory(root);
            ScratchSpace scratch = new ScratchSpace(root, true);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> SecureFiles.deleteQuietly(root), "vault-scratch-cleanup"));
            return scratch;
        } catch (IOException e) {
            throw new VaultException(VaultError.IO, "could not create the scratch directory under " + mount, e);
        }
    }

    /**
     * Deletes the scratch directories of vault processes that no longer run (a crash or kill
     * leaves plaintext in RAM otherwise). A directory whose process id is alive is kept, even
     * if the id was reused.
     */
    private static void removeAbandoned(Path mount) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(mount, PREFIX + "*")) {
            for (Path entry : entries) {
                Matcher matcher = OWNED.matcher(entry.getFileName().toString());
                if (matcher.matches() && ProcessHandle.of(Long.parseLong(matcher.group(1))).isEmpty()
                        && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) && Files.isWritable(entry)) {
                    SecureFiles.deleteQuietly(entry);
                }
            }
        }
    }

    /**
     * FOR TESTS ONLY: a scratch space in an ordinary directory, which may be on persistent disk.
     * Plaintext written here is still deleted after use, but may survive on the disk's blocks.
     * Never configure this in production.
     */
    public static ScratchSpace unsafeDiskDirectoryForTestsOnly(Path directory) {
        requireNonNull(directory, "directory is null");
        try {
            SecureFiles.createDirectories(directory);
            Path root = directory.resolve("quanyun-vault-unsafe-" + shortId());
            SecureFiles.createDirectory(root);
            return new ScratchSpace(root, false);
        } catch (IOException e) {
            throw new VaultException(VaultError.IO, "could not create the scratch directory under " + directory, e);
        }
    }

    /** @return the private directory all scratch files are created under */
    public Path root() {
        return root;
    }

    /** @return whether this scratch space is memory-backed (false only for the test-only kind) */
    public boolean isMemoryBacked() {
        return memoryBacked;
    }

    /** Creates a new private (0700) working directory. */
    Path newDirectory(String purpose) throws IOException {
        return SecureFiles.createDirectory(root.resolve(purpose + "-" + shortId()));
    }

    /** Returns the path of a new private (0600) empty file. */
    Path newFile(String purpose, String suffix) throws IOException {
        return SecureFiles.createFile(root.resolve(purpose + "-" + shortId() + suffix));
    }

    private static String shortId() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    @Override
    public String toString() {
        return "ScratchSpace[" + root + (memoryBacked ? ", memory-backed]" : ", UNSAFE disk directory for tests]");
    }
}
