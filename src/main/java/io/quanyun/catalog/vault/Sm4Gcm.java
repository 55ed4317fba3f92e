package io.quanyun.catalog.vault;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.SM4Engine;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.modes.GCMModeCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/** SM4/GCM/NoPadding with a 128-bit tag, on BouncyCastle's light API (no JCE provider registered). */
final class Sm4Gcm {

    static final int KEY_LENGTH = 16;
    static final int IV_LENGTH = 12;
    static final int TAG_LENGTH = 16;

    private Sm4Gcm() {
    }

    /** @return a new cipher, ready for {@link #process} */
    static GCMModeCipher cipher(boolean encrypt, byte[] key, byte[] iv, byte[] associatedData) {
        GCMModeCipher cipher = GCMBlockCipher.newInstance(new SM4Engine());
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), TAG_LENGTH * 8, iv, associatedData));
        return cipher;
    }

    /**
     * Encrypts or decrypts {@code input[0, length)} into {@code output}.
     *
     * @return the number of bytes written to output
     * @throws InvalidCipherTextException when decrypting and the tag does not verify
     */
    static int process(GCMModeCipher cipher, byte[] input, int length, byte[] output) throws InvalidCipherTextException {
        int written = cipher.processBytes(input, 0, length, output, 0);
        return written + cipher.doFinal(output, written);
    }

    static byte[] seal(byte[] key, byte[] iv, byte[] associatedData, byte[] plaintext) {
        GCMModeCipher cipher = cipher(true, key, iv, associatedData);
        byte[] out = new byte[cipher.getOutputSize(plaintext.length)];
        try {
            process(cipher, plaintext, plaintext.length, out);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("encryption cannot fail authentication", e);
        }
        return out;
    }

    static byte[] open(byte[] key, byte[] iv, byte[] associatedData, byte[] ciphertext) throws InvalidCipherTextException {
        GCMModeCipher cipher = cipher(false, key, iv, associatedData);
        byte[] out = new byte[Math.max(0, cipher.getOutputSize(ciphertext.length))];
        int written = process(cipher, ciphertext, ciphertext.length, out);
        return written == out.length ? out : java.util.Arrays.copyOf(out, written);
    }
}
