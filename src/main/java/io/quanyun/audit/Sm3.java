package io.quanyun.audit;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.bouncycastle.crypto.digests.SM3Digest;

/** SM3 (GB/T 32905) hashing, the national standard hash that government systems are assessed on. */
public final class Sm3 {

    private Sm3() {
    }

    public static byte[] digest(byte[] input) {
        SM3Digest digest = new SM3Digest();
        digest.update(input, 0, input.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }

    /** The lower-case hex SM3 hash of the UTF-8 bytes of {@code text}. */
    public static String hex(String text) {
        return HexFormat.of().formatHex(digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static String hex(byte[] input) {
        return HexFormat.of().formatHex(digest(input));
    }
}
