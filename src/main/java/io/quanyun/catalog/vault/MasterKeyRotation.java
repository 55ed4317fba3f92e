package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Rotates the vault's master key: every version's data key is unwrapped under the current master key
 * and wrapped under the next one, its metadata rewritten with the next key's id and MAC; the consent
 * registry's subject-hash key is rewrapped the same way, so stored subject hashes stay valid. Data
 * files are not touched (their data keys do not change). Run it while the application is stopped.
 *
 * <p>Per version, {@code meta.json.next} and {@code meta.mac.next} are written and synced, then
 * renamed over {@code meta.mac} and {@code meta.json}. An interrupted rotation is resumed by running
 * it again with the same two keys: versions already under the next key are skipped, and a version
 * caught between the two renames is finished from its {@code .next} files.
 */
public final class MasterKeyRotation {

    private static final Pattern VERSION = Pattern.compile("v[1-9][0-9]{0,8}|\\.prepared-v[1-9][0-9]{0,8}");
    private static final String NEXT = ".next";

    /**
     * What a rotation did.
     *
     * @param rewrapped versions whose data key was rewrapped now
     * @param alreadyRotated versions already under the next key (an earlier, interrupted run)
     * @param subjectHashKeyRewrapped whether the subject-hash key was rewrapped now
     */
    public record Report(int rewrapped, int alreadyRotated, boolean subjectHashKeyRewrapped) {
    }

    private MasterKeyRotation() {
    }

    /**
     * @param dataDirectory the application's data directory (the vault is its {@code vault} folder)
     * @param current the master key the vault is under now
     * @param next the new master key
     * @throws IllegalArgumentException if both keys are the same
     * @throws VaultException {@link VaultError#WRONG_MASTER_KEY} if a version is under neither key
     */
    public static Report rotate(Path dataDirectory, MasterKey current, MasterKey next) {
        return rotate(dataDirectory, current, next, path -> { });
    }

    /** @param afterNextWritten called after a version's {@code .next} files are synced (tests stop here) */
    static Report rotate(Path dataDirectory, MasterKey current, MasterKey next, Consumer<Path> afterNextWritten) {
        requireNonNull(current, "current is null");
        requireNonNull(next, "next is null");
        if (current.id().equals(next.id())) {
            throw new IllegalArgumentException("the new master key is the current one");
        }
        Path root = dataDirectory.resolve("vault");
        int rewrapped = 0;
        int already = 0;
        try {
            SecureFiles.createDirectories(root);
            try (DirectoryStream<Path> datasets = Files.newDirectoryStream(root, Files::isDirectory)) {
                for (Path datasetDirectory : datasets) {
                    try (FileChannel lockFile = FileChannel.open(datasetDirectory.resolve(".lock"),
                            Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), SecureFiles.ownerFile());
                            FileLock held = lockFile.lock();
                            DirectoryStream<Path> versions = Files.newDirectoryStream(datasetDirectory,
                                    entry -> VERSION.matcher(entry.getFileName().toString()).matches())) {
                        for (Path version : versions) {
                            if (rotateVersion(version, current, next, afterNextWritten)) {
                                rewrapped++;
                            } else {
                                already++;
                            }
                        }
                    }
                }
            }
            boolean hashKey = SubjectHashKeyFile.rewrap(root, current, next);
            return new Report(rewrapped, already, hashKey);
        } catch (IOException e) {
            throw new VaultException(VaultError.IO, "the master-key rotation could not read or write a file", e);
        }
    }

    /** @return true if rewrapped now, false if it was already under the next key */
    private static boolean rotateVersion(Path directory, MasterKey current, MasterKey next,
            Consumer<Path> afterNextWritten) throws IOException {
        String label = directory.getParent().getFileName() + "/" + directory.getFileName();
        Path json = directory.resolve(MetadataFiles.METADATA);
        Path mac = directory.resolve(MetadataFiles.MAC);
        Path nextJson = directory.resolve(MetadataFiles.METADATA + NEXT);
        Path nextMac = directory.resolve(MetadataFiles.MAC + NEXT);
        if (Files.exists(nextJson)) {
            // an interrupted run: finish it if its files verify under the next key, else start over
            Path macOfNext = Files.exists(nextMac) ? nextMac : mac;
            boolean complete;
            try {
                MetadataFiles.read(nextJson, macOfNext, next, label);
                complete = true;
            } catch (VaultException unfinished) {
                complete = false;
            }
            if (complete) {
                if (Files.exists(nextMac)) {
                    Files.move(nextMac, mac, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(nextJson, json, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                SecureFiles.sync(directory);
                return true;
            }
            Files.deleteIfExists(nextJson);
            Files.deleteIfExists(nextMac);
        } else {
            Files.deleteIfExists(nextMac);
        }
        VersionMetadata metadata;
        try {
            metadata = MetadataFiles.read(json, mac, next, label);
            return false;
        } catch (VaultException notYet) {
            if (notYet.error() != VaultError.WRONG_MASTER_KEY) {
                throw notYet;
            }
        }
        metadata = MetadataFiles.read(json, mac, current, label);
        byte[] dataKey = DataKeys.unwrap(current, metadata.wrappedDataKey(), metadata.datasetId(), metadata.version());
        try {
            VersionMetadata rotated = new VersionMetadata(metadata.datasetId(), metadata.version(),
                    metadata.createdAt(), metadata.sourceFormat(), metadata.sourceSha256(), metadata.rowCount(),
                    metadata.schema(), metadata.cipher(), metadata.plaintextBytes(), metadata.plaintextSm3(),
                    metadata.ciphertextBytes(), metadata.ciphertextSm3(), next.id(),
                    DataKeys.wrap(next, dataKey, metadata.datasetId(), metadata.version()), metadata.quality());
            MetadataFiles.write(nextJson, nextMac, rotated, next);
            SecureFiles.sync(directory);
            afterNextWritten.accept(directory);
            Files.move(nextMac, mac, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.move(nextJson, json, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            SecureFiles.sync(directory);
            return true;
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }
}
