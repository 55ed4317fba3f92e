package io.quanyun.catalog.vault;

/** A digest an uploader may declare for the file it sends. */
public enum ChecksumAlgorithm {
    /** SHA-256 (as {@code sha256sum} prints it). */
    SHA_256,
    /** SM3 (GB/T 32905-2016). */
    SM3
}
