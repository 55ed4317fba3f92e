package io.quanyun.catalog;

import java.nio.charset.Charset;

import org.jspecify.annotations.Nullable;

/**
 * How a provider's file is read.
 *
 * @param charset UTF-8 or GB18030 for CSV; null to detect it
 * @param sha256 the SHA-256 (hex) the uploader declares for the file; null for none
 */
public record UploadOptions(@Nullable Charset charset, @Nullable String sha256) {

    public static UploadOptions defaults() {
        return new UploadOptions(null, null);
    }
}
