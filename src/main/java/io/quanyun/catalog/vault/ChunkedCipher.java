package io.quanyun.catalog.vault;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.modes.GCMModeCipher;

/**
 * Streaming authenticated encryption of a file in SM4-GCM chunks, after the STREAM construction
 * (Hoang, Reyhanitabar, Rogaway, Vizár 2015).
 *
 * <pre>
 * file   = header chunk*
 * header = "QYV1" (4) | chunk size (4, big-endian) | nonce prefix (7, random)
 * chunk  = SM4-GCM(plaintext of chunk size bytes, the last one shorter or equal) | tag (16)
 * IV     = nonce prefix (7) | chunk index (4, big-endian) | final flag (1: 0x01 last, else 0x00)
 * AAD    = header | "datasetId|vN" | chunk index (8) | final flag (1)
 * </pre>
 *
 * Each chunk is authenticated before any of its plaintext is released. Because the index and the
 * final flag are in both the IV and the associated data, reordered, dropped, duplicated or
 * appended chunks fail, and so does a file truncated at a chunk boundary (its new last chunk was
 * not sealed as final). The data key is fresh per version, so IVs never repeat under one key.
 */
final class ChunkedCipher {

    static final int DEFAULT_CHUNK_SIZE = 1 << 20;
    private static final int MAX_CHUNK_SIZE = 1 << 24;
    private static final byte[] MAGIC = "QYV1".getBytes(StandardCharsets.US_ASCII);
    private static final int PREFIX_LENGTH = 7;
    private static final int HEADER_LENGTH = MAGIC.length + 4 + PREFIX_LENGTH;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] key;
    private final byte[] context;

    ChunkedCipher(byte[] dataKey, String datasetId, int version) {
        this.key = dataKey.clone();
        this.context = (datasetId + "|v" + version).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Encrypts all of {@code plaintext} into {@code ciphertext}, updating the digests with the
     * bytes read and the bytes written.
     *
     * @return the number of ciphertext bytes written
     */
    long encrypt(InputStream plaintext, OutputStream ciphertext, int chunkSize, Digest plaintextDigest,
            Digest ciphertextDigest) throws IOException {
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new IllegalArgumentException("chunk size out of range");
        }
        byte[] header = ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC).putInt(chunkSize).put(randomPrefix()).array();
        ciphertext.write(header);
        ciphertextDigest.update(header, 0, header.length);
        long written = header.length;
        byte[] current = new byte[chunkSize];
        byte[] next = new byte[chunkSize];
        byte[] sealed = new byte[chunkSize + Sm4Gcm.TAG_LENGTH];
        int currentLength = plaintext.readNBytes(current, 0, chunkSize);
        for (long index = 0; ; index++) {
            int nextLength = currentLength < chunkSize ? 0 : plaintext.readNBytes(next, 0, chunkSize);
            boolean last = nextLength == 0;
            plaintextDigest.update(current, 0, currentLength);
            GCMModeCipher cipher = Sm4Gcm.cipher(true, key, iv(header, index, last), associatedData(header, index, last));
            int sealedLength;
            try {
                sealedLength = Sm4Gcm.process(cipher, current, currentLength, sealed);
            } catch (InvalidCipherTextException e) {
                throw new IllegalStateException("encryption cannot fail authentication", e);
            }
            ciphertext.write(sealed, 0, sealedLength);
            ciphertextDigest.update(sealed, 0, sealedLength);
            written += sealedLength;
            if (last) {
                break;
            }
            byte[] swap = current;
            current = next;
            next = swap;
            currentLength = nextLength;
        }
        Arrays.fill(current, (byte) 0);
        Arrays.fill(next, (byte) 0);
        return written;
    }

    /**
     * Decrypts {@code ciphertext} into {@code plaintext}, verifying every chunk before writing it.
     *
     * @throws VaultCorrupted when the header, a tag or the chunk sequence is wrong
     */
    void decrypt(InputStream ciphertext, OutputStream plaintext, Digest plaintextDigest, Digest ciphertextDigest,
            String label) throws IOException {
        byte[] header = ciphertext.readNBytes(HEADER_LENGTH);
        if (header.length != HEADER_LENGTH || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
            throw new VaultCorrupted(label + ": the encrypted file has no valid header");
        }
        ciphertextDigest.update(header, 0, header.length);
        int chunkSize = ByteBuffer.wrap(header, MAGIC.length, 4).getInt();
        if (chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
            throw new VaultCorrupted(label + ": the encrypted file has an invalid chunk size");
        }
        int sealedSize = chunkSize + Sm4Gcm.TAG_LENGTH;
        byte[] current = new byte[sealedSize];
        byte[] next = new byte[sealedSize];
        byte[] opened = new byte[sealedSize];
        int currentLength = ciphertext.readNBytes(current, 0, sealedSize);
        for (long index = 0; ; index++) {
            int nextLength = currentLength < sealedSize ? 0 : ciphertext.readNBytes(next, 0, sealedSize);
            boolean last = nextLength == 0;
            if (currentLength < Sm4Gcm.TAG_LENGTH) {
                throw new VaultCorrupted(label + ": the encrypted file is truncated at chunk " + index);
            }
            ciphertextDigest.update(current, 0, currentLength);
            GCMModeCipher cipher = Sm4Gcm.cipher(false, key, iv(header, index, last), associatedData(header, index, last));
            int openedLength;
            try {
                openedLength = Sm4Gcm.process(cipher, current, currentLength, opened);
            } catch (InvalidCipherTextException e) {
                throw new VaultCorrupted(label + ": chunk " + index
                        + " failed authentication (altered, reordered or truncated file, or wrong key)");
            }
            plaintext.write(opened, 0, openedLength);
            plaintextDigest.update(opened, 0, openedLength);
            if (last) {
                break;
            }
            byte[] swap = current;
            current = next;
            next = swap;
            currentLength = nextLength;
        }
        Arrays.fill(opened, (byte) 0);
    }

    private static byte[] randomPrefix() {
        byte[] prefix = new byte[PREFIX_LENGTH];
        RANDOM.nextBytes(prefix);
        return prefix;
    }

    private static byte[] iv(byte[] header, long index, boolean last) {
        if (index > 0xFFFF_FFFFL) {
            throw new IllegalStateException("too many chunks");
        }
        return ByteBuffer.allocate(Sm4Gcm.IV_LENGTH)
                .put(header, MAGIC.length + 4, PREFIX_LENGTH)
                .putInt((int) index)
                .put((byte) (last ? 1 : 0))
                .array();
    }

    private byte[] associatedData(byte[] header, long index, boolean last) {
        return ByteBuffer.allocate(header.length + context.length + 1 + 8 + 1)
                .put(header)
                .put(context)
                .put((byte) '|')
                .putLong(index)
                .put((byte) (last ? 1 : 0))
                .array();
    }
}
