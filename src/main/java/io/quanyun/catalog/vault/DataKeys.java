package io.quanyun.catalog.vault;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import org.bouncycastle.crypto.InvalidCipherTextException;

/**
 * Per-version data keys: 16 random bytes, wrapped with SM4-GCM under the master key's
 * key-encryption key, with a random 12-byte IV and the dataset id and version as associated
 * data (so a wrapped key copied to another version does not unwrap).
 */
final class DataKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DataKeys() {
    }

    static byte[] newDataKey() {
        byte[] key = new byte[Sm4Gcm.KEY_LENGTH];
        RANDOM.nextBytes(key);
        return key;
    }

    /** @return Base64 of IV (12) || ciphertext (16) || tag (16) */
    static String wrap(MasterKey masterKey, byte[] dataKey, String datasetId, int version) {
        return wrap(masterKey, dataKey, associatedData(datasetId, version));
    }

    /** @return Base64 of IV (12) || ciphertext || tag (16): any key sealed under the key-encryption key */
    static String wrap(MasterKey masterKey, byte[] key, byte[] associatedData) {
        byte[] iv = new byte[Sm4Gcm.IV_LENGTH];
        RANDOM.nextBytes(iv);
        byte[] sealed = Sm4Gcm.seal(masterKey.keyEncryptionKey(), iv, associatedData, key);
        byte[] wrapped = new byte[iv.length + sealed.length];
        System.arraycopy(iv, 0, wrapped, 0, iv.length);
        System.arraycopy(sealed, 0, wrapped, iv.length, sealed.length);
        return Base64.getEncoder().encodeToString(wrapped);
    }

    /** @return the key sealed by {@link #wrap(MasterKey, byte[], byte[])}, or null when it does not open */
    static byte @org.jspecify.annotations.Nullable [] unwrap(MasterKey masterKey, String wrappedBase64,
            byte[] associatedData) {
        byte[] wrapped;
        try {
            wrapped = Base64.getDecoder().decode(wrappedBase64);
        } catch (IllegalArgumentException e) {
            return null;
        }
        if (wrapped.length <= Sm4Gcm.IV_LENGTH + Sm4Gcm.TAG_LENGTH) {
            return null;
        }
        try {
            return Sm4Gcm.open(masterKey.keyEncryptionKey(), Arrays.copyOfRange(wrapped, 0, Sm4Gcm.IV_LENGTH),
                    associatedData, Arrays.copyOfRange(wrapped, Sm4Gcm.IV_LENGTH, wrapped.length));
        } catch (InvalidCipherTextException e) {
            return null;
        }
    }

    static byte[] unwrap(MasterKey masterKey, String wrappedBase64, String datasetId, int version) {
        byte[] wrapped;
        try {
            wrapped = Base64.getDecoder().decode(wrappedBase64);
        } catch (IllegalArgumentException e) {
            throw new VaultCorrupted("the wrapped data key of " + datasetId + " v" + version + " is not Base64");
        }
        if (wrapped.length != Sm4Gcm.IV_LENGTH + Sm4Gcm.KEY_LENGTH + Sm4Gcm.TAG_LENGTH) {
            throw new VaultCorrupted("the wrapped data key of " + datasetId + " v" + version + " has a wrong length");
        }
        byte[] iv = Arrays.copyOfRange(wrapped, 0, Sm4Gcm.IV_LENGTH);
        byte[] sealed = Arrays.copyOfRange(wrapped, Sm4Gcm.IV_LENGTH, wrapped.length);
        try {
            return Sm4Gcm.open(masterKey.keyEncryptionKey(), iv, associatedData(datasetId, version), sealed);
        } catch (InvalidCipherTextException e) {
            throw new VaultCorrupted("the data key of " + datasetId + " v" + version
                    + " does not unwrap under the configured master key (altered metadata or wrong key)");
        }
    }

    static byte[] associatedData(String datasetId, int version) {
        return ("quanyun/vault/data-key|" + datasetId + "|v" + version).getBytes(StandardCharsets.UTF_8);
    }
}
