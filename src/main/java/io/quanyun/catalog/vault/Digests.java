package io.quanyun.catalog.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.Digest;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.digests.SM3Digest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;

/** SM3, SHA-256, the SM3 key derivation function and HMAC-SM3, on BouncyCastle's light API. */
final class Digests {

    private Digests() {
    }

    static Digest sm3() {
        return new SM3Digest();
    }

    static Digest sha256() {
        return new SHA256Digest();
    }

    static Digest of(ChecksumAlgorithm algorithm) {
        return switch (algorithm) {
            case SHA_256 -> sha256();
            case SM3 -> sm3();
        };
    }

    static String hex(Digest digest) {
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }

    /**
     * The key derivation function of GM/T 0003.3 (SM2 part 3, clause 5.4.3): the concatenation
     * of {@code SM3(Z || counter)} for counter = 1, 2, ... (32-bit big-endian), truncated.
     * Here {@code Z = secret || label}.
     */
    static byte[] sm3Kdf(byte[] secret, String label, int length) {
        byte[] labelBytes = label.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[length];
        SM3Digest digest = new SM3Digest();
        byte[] block = new byte[digest.getDigestSize()];
        int offset = 0;
        for (int counter = 1; offset < length; counter++) {
            digest.update(secret, 0, secret.length);
            digest.update(labelBytes, 0, labelBytes.length);
            digest.update(ByteBuffer.allocate(4).putInt(counter).array(), 0, 4);
            digest.doFinal(block, 0);
            int take = Math.min(block.length, length - offset);
            System.arraycopy(block, 0, out, offset, take);
            offset += take;
        }
        java.util.Arrays.fill(block, (byte) 0);
        return out;
    }

    static String hmacSm3Hex(byte[] key, byte[] message) {
        HMac mac = new HMac(new SM3Digest());
        mac.init(new KeyParameter(key));
        mac.update(message, 0, message.length);
        byte[] out = new byte[mac.getMacSize()];
        mac.doFinal(out, 0);
        return HexFormat.of().formatHex(out);
    }
}
