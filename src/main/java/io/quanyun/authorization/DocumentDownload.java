package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

/**
 * An applicant's uploaded document handed to a permitted reader.
 *
 * @param fileName the name it was uploaded with (already made safe at upload)
 * @param sm3 the SM3 hash recorded at upload
 */
public record DocumentDownload(String fileName, String contentType, String sm3, byte[] content) {
    public DocumentDownload {
        requireNonNull(fileName, "fileName is null");
        requireNonNull(contentType, "contentType is null");
        requireNonNull(sm3, "sm3 is null");
        requireNonNull(content, "content is null");
    }
}
