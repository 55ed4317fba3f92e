package io.quanyun.product;

/** A document a product serves: name, media type, bytes and their SM3. */
public record ProductFile(String filename, String contentType, byte[] content, String sm3) {
}
