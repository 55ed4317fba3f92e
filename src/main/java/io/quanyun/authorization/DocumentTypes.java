package io.quanyun.authorization;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The document types an application may carry, each recognized by its leading bytes: a declared type that the
 * content does not bear out is refused, whatever the file's name says.
 */
final class DocumentTypes {

    /** Content type, its magic bytes, its file extension. */
    record Type(String contentType, byte[] magic, String extension) {
    }

    private static final Map<String, Type> TYPES = Map.of(
            "application/pdf", new Type("application/pdf", "%PDF-".getBytes(java.nio.charset.StandardCharsets.US_ASCII), "pdf"),
            "image/png", new Type("image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A}, "png"),
            "image/jpeg", new Type("image/jpeg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, "jpg"));

    private DocumentTypes() {
    }

    /** The type, when it is allowed and the content starts with its magic bytes. */
    static Optional<Type> verify(@Nullable String declaredType, byte[] content) {
        if (declaredType == null) {
            return Optional.empty();
        }
        String normalized = declaredType.split(";")[0].trim().toLowerCase(java.util.Locale.ROOT);
        Type type = TYPES.get(normalized);
        if (type == null || content.length < type.magic().length) {
            return Optional.empty();
        }
        return Arrays.equals(Arrays.copyOf(content, type.magic().length), type.magic()) ? Optional.of(type)
                : Optional.empty();
    }
}
