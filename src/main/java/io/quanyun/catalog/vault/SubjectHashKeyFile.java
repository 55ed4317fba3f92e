package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * The consent registry's subject-hash key, persisted as {@code vault/subject-hash.key}: one line
 * {@code <master key id> <Base64 of IV | SM4-GCM(key) | tag>}, wrapped under the master key's
 * key-encryption key with the associated data {@code quanyun/consent/subject-hash-key}. It is a key
 * of its own, so a master-key rotation rewraps it and every stored subject hash stays valid.
 *
 * <p>When the file does not exist yet it is created with the key that earlier releases derived from
 * the master key ({@link MasterKey#subjectHashKey()}), so hashes recorded before the file existed
 * stay valid as well.
 */
final class SubjectHashKeyFile {

    static final String NAME = "subject-hash.key";
    private static final byte[] ASSOCIATED_DATA = "quanyun/consent/subject-hash-key".getBytes(StandardCharsets.UTF_8);

    private SubjectHashKeyFile() {
    }

    /** @return the key, creating the file from the master key's derived key when it is missing */
    static synchronized byte[] load(Path vaultRoot, MasterKey masterKey) {
        requireNonNull(masterKey, "masterKey is null");
        Path file = vaultRoot.resolve(NAME);
        try {
            if (!Files.exists(file)) {
                byte[] derived = masterKey.subjectHashKey();
                write(file, masterKey, derived);
                return derived;
            }
            return read(file, masterKey);
        } catch (IOException e) {
            throw new VaultException(VaultError.IO, "could not read or write the subject-hash key file " + file, e);
        }
    }

    /** Rewraps the key under {@code next}; returns false when it was already wrapped under it. */
    static synchronized boolean rewrap(Path vaultRoot, MasterKey current, MasterKey next) throws IOException {
        Path file = vaultRoot.resolve(NAME);
        if (!Files.exists(file)) {
            load(vaultRoot, current);
        }
        String line = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (line.startsWith(next.id() + " ")) {
            read(file, next); // verifies it opens
            return false;
        }
        byte[] key = read(file, current);
        try {
            Path replacement = vaultRoot.resolve(NAME + ".next");
            Files.deleteIfExists(replacement);
            write(replacement, next, key);
            Files.move(replacement, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            SecureFiles.sync(vaultRoot);
            return true;
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private static byte[] read(Path file, MasterKey masterKey) throws IOException {
        String line;
        try {
            line = Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (NoSuchFileException e) {
            throw new VaultCorrupted("the subject-hash key file is missing");
        }
        int space = line.indexOf(' ');
        if (space < 0) {
            throw new VaultCorrupted("the subject-hash key file is not valid");
        }
        String keyId = line.substring(0, space);
        if (!keyId.equals(masterKey.id())) {
            throw new VaultException(VaultError.WRONG_MASTER_KEY, "the subject-hash key is wrapped under master key "
                    + keyId + ", the configured master key is " + masterKey.id());
        }
        byte[] key = DataKeys.unwrap(masterKey, line.substring(space + 1), ASSOCIATED_DATA);
        if (key == null) {
            throw new VaultCorrupted("the subject-hash key does not unwrap under the configured master key");
        }
        return key;
    }

    private static void write(Path file, MasterKey masterKey, byte[] key) throws IOException {
        SecureFiles.createFile(file);
        Files.writeString(file, masterKey.id() + " " + DataKeys.wrap(masterKey, key, ASSOCIATED_DATA) + "\n",
                StandardCharsets.US_ASCII);
        SecureFiles.sync(file);
    }
}
