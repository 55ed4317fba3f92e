package io.quanyun.authorization;

import java.util.List;

/** Whether a PDF is the agreement that was signed: its SM3 hash against the recorded one. */
public record Verification(boolean matches, String recordedHash, String presentedHash, List<Signature> signatures) {
}
