package io.quanyun.sandbox;

/**
 * A downloadable export file.
 *
 * @param fileName suggested file name
 * @param contentType media type
 * @param content the bytes
 * @param sm3 SM3 hex of the bytes, as recorded at approval
 */
public record ExportFile(String fileName, String contentType, byte[] content, String sm3) {
}
