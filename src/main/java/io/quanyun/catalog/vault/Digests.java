package io.quanyun.catalog.vault;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

    /** SHA-256 of the JDK (hardware-accelerated where the CPU allows), behind BouncyCastle's interface. */
    static Digest sha256() {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            return new SHA256Digest();
        }
        return new Digest() {
            @Override
            public String getAlgorithmName() {
                return "SHA-256";
            }

            @Override
            public int getDigestSize() {
                return 32;
            }

            @Override
            public void update(byte in) {
                digest.update(in);
            }

            @Override
            public void update(byte[] in, int offset, int length) {
                digest.update(in, offset, length);
            }

            @Override
            public int doFinal(byte[] out, int offset) {
                byte[] result = digest.digest();
                System.arraycopy(result, 0, out, offset, result.length);
                return result.length;
            }

            @Override
            public void reset() {
                digest.reset();
            }
        };
    }

    /** A digest that ignores its input (BouncyCastle's NullDigest buffers all of it). */
    static Digest none() {
        return new Digest() {
            @Override
            public String getAlgorithmName() {
                return "none";
            }

            @Override
            public int getDigestSize() {
                return 0;
            }

            @Override
            public void update(byte in) {
            }

            @Override
            public void update(byte[] in, int offset, int length) {
            }

            @Override
            public int doFinal(byte[] out, int offset) {
                return 0;
            }

            @Override
            public void reset() {
            }
        };
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
