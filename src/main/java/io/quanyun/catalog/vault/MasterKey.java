package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The vault's master key: 32 random bytes from configuration (Base64). It never encrypts data;
 * it wraps the per-version data keys.
 *
 * <p>SM4 takes 16-byte keys, so the key-encryption key is derived, not cut: the first 16 bytes
 * of the SM3 key derivation function of GM/T 0003.3 over the master key and the label
 * {@code quanyun/vault/key-encryption-key/v1}. The same function derives a 32-byte HMAC-SM3 key
 * that authenticates each version's metadata ({@code .../metadata-mac/v1}) and a public 8-byte
 * key id ({@code .../key-id/v1}) recorded with each version, so that a wrong master key is
 * reported as such rather than as corruption. It also derives the 32-byte key of the consent
 * registry's subject hashes ({@code quanyun/consent/subject-hash/v1}), see
 * {@link #subjectHashKey()}.
 */
public final class MasterKey {

    /** The length of a master key in bytes. */
    public static final int LENGTH = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] keyEncryptionKey;
    private final byte[] metadataMacKey;
    private final byte[] subjectHashKey;
    private final String id;

    private MasterKey(byte[] secret) {
        if (secret.length != LENGTH) {
            throw new IllegalArgumentException("a master key is " + LENGTH + " bytes, not " + secret.length);
        }
        this.keyEncryptionKey = Digests.sm3Kdf(secret, "quanyun/vault/key-encryption-key/v1", 16);
        this.metadataMacKey = Digests.sm3Kdf(secret, "quanyun/vault/metadata-mac/v1", 32);
        this.subjectHashKey = Digests.sm3Kdf(secret, "quanyun/consent/subject-hash/v1", 32);
        this.id = HexFormat.of().formatHex(Digests.sm3Kdf(secret, "quanyun/vault/key-id/v1", 8));
        Arrays.fill(secret, (byte) 0);
    }

    /**
     * @param base64 the 32-byte key in Base64, as configured ({@code quanyun.vault.master-key})
     * @return the master key
     * @throws IllegalArgumentException if it is not Base64 of exactly 32 bytes (the message
     *     never contains the text)
     */
    public static MasterKey fromBase64(String base64) {
        requireNonNull(base64, "base64 is null");
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the master key is not valid Base64");
        }
        return new MasterKey(secret);
    }

    /**
     * Generates a new random master key into a new file with mode 0600, for development
     * ({@code ./quanyun dev}); production configures the key instead.
     *
     * @param file the file to create; its parent directories are created with mode 0700
     * @return the new key
     * @throws VaultException {@link VaultError#IO} if the file exists or cannot be written
     */
    public static MasterKey generateInto(Path file) {
        requireNonNull(file, "file is null");
        byte[] secret = new byte[LENGTH];
        RANDOM.nextBytes(secret);
        String text = Base64.getEncoder().encodeToString(secret);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                SecureFiles.createDirectories(parent);
            }
            SecureFiles.createFile(file);
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
                writer.write(text);
                writer.write('\n');
            }
        } catch (IOException e) {
            throw new VaultException(VaultError.IO, "could not create the master key file " + file, e);
        }
        return new MasterKey(secret);
    }

    /**
     * @param file a file written by {@link #generateInto(Path)}
     * @return the key it holds
     */
    public static MasterKey readFrom(Path file) {
        requireNonNull(file, "file is null");
        try {
            return fromBase64(Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new VaultException(VaultError.IO, "could not read the master key file " + file, e);
        }
    }

    /**
     * @param file the development key file
     * @return the key in the file, generated first if the file does not exist
     */
    public static MasterKey readOrGenerate(Path file) {
        return Files.exists(requireNonNull(file, "file is null")) ? readFrom(file) : generateInto(file);
    }

    /** @return the public id of this key (16 hex digits), recorded with every version it wraps */
    public String id() {
        return id;
    }

    /**
     * @return a copy of the key that makes the consent registry's keyed hashes of subject
     *     identifiers (it protects identity numbers from dictionary attacks on the hashes; it
     *     encrypts nothing)
     */
    public byte[] subjectHashKey() {
        return subjectHashKey.clone();
    }

    byte[] keyEncryptionKey() {
        return keyEncryptionKey;
    }

    byte[] metadataMacKey() {
        return metadataMacKey;
    }

    /** Never shows the key. */
    @Override
    public String toString() {
        return "MasterKey[id=" + id + "]";
    }
}
