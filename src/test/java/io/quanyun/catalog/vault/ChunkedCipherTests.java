package io.quanyun.catalog.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChunkedCipherTests {

    private static final int CHUNK = 64;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 7})
    void decrypt_ofEncrypted_returnsThePlaintext(int length) throws IOException {
        byte[] plaintext = randomBytes(length);
        byte[] key = DataKeys.newDataKey();

        byte[] ciphertext = encrypt(new ChunkedCipher(key, "d", 1), plaintext);

        assertThat(decrypt(new ChunkedCipher(key, "d", 1), ciphertext)).isEqualTo(plaintext);
        int chunks = Math.max(1, (length + CHUNK - 1) / CHUNK);
        assertThat(ciphertext).hasSize(15 + length + 16 * chunks);
    }

    @Test
    void decrypt_underAnotherVersionContext_fails() throws IOException {
        byte[] key = DataKeys.newDataKey();
        byte[] ciphertext = encrypt(new ChunkedCipher(key, "d", 1), randomBytes(100));

        assertThatThrownBy(() -> decrypt(new ChunkedCipher(key, "d", 2), ciphertext)).isInstanceOf(VaultCorrupted.class);
        assertThatThrownBy(() -> decrypt(new ChunkedCipher(key, "e", 1), ciphertext)).isInstanceOf(VaultCorrupted.class);
    }

    @Test
    void decrypt_withLastWholeChunkDropped_fails() throws IOException {
        byte[] key = DataKeys.newDataKey();
        byte[] ciphertext = encrypt(new ChunkedCipher(key, "d", 1), randomBytes(3 * CHUNK));

        byte[] withoutLastChunk = java.util.Arrays.copyOf(ciphertext, ciphertext.length - (CHUNK + 16));

        assertThatThrownBy(() -> decrypt(new ChunkedCipher(key, "d", 1), withoutLastChunk))
                .isInstanceOf(VaultCorrupted.class).hasMessageContaining("chunk 1");
    }

    @Test
    void encrypt_twice_givesDifferentCiphertexts() throws IOException {
        byte[] key = DataKeys.newDataKey();
        byte[] plaintext = randomBytes(100);

        assertThat(encrypt(new ChunkedCipher(key, "d", 1), plaintext)).isNotEqualTo(encrypt(new ChunkedCipher(key, "d", 1), plaintext));
    }

    @Test
    void dataKey_wrappedForOneVersion_doesNotUnwrapForAnother() {
        MasterKey masterKey = MasterKey.fromBase64(java.util.Base64.getEncoder().encodeToString(new byte[32]));
        byte[] dataKey = DataKeys.newDataKey();
        String wrapped = DataKeys.wrap(masterKey, dataKey, "person", 1);

        assertThat(DataKeys.unwrap(masterKey, wrapped, "person", 1)).isEqualTo(dataKey);
        assertThatThrownBy(() -> DataKeys.unwrap(masterKey, wrapped, "person", 2)).isInstanceOf(VaultCorrupted.class);
    }

    private static byte[] encrypt(ChunkedCipher cipher, byte[] plaintext) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cipher.encrypt(new ByteArrayInputStream(plaintext), out, CHUNK, Digests.none(), Digests.none());
        return out.toByteArray();
    }

    private static byte[] decrypt(ChunkedCipher cipher, byte[] ciphertext) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cipher.decrypt(new ByteArrayInputStream(ciphertext), out, Digests.none(), Digests.none(), "test");
        return out.toByteArray();
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
