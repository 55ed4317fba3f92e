package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The digest an uploader declares for the exact bytes of the file it sends.
 *
 * @param algorithm the digest algorithm
 * @param hex the 64 hexadecimal digits of the digest (normalised to lower case)
 */
public record DeclaredChecksum(ChecksumAlgorithm algorithm, String hex) {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public DeclaredChecksum {
        requireNonNull(algorithm, "algorithm is null");
        requireNonNull(hex, "hex is null");
        hex = hex.trim().toLowerCase(Locale.ROOT);
        if (!HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("a checksum is 64 hexadecimal digits");
        }
    }

    /** @return a declared SHA-256 digest */
    public static DeclaredChecksum sha256(String hex) {
        return new DeclaredChecksum(ChecksumAlgorithm.SHA_256, hex);
    }

    /** @return a declared SM3 digest */
    public static DeclaredChecksum sm3(String hex) {
        return new DeclaredChecksum(ChecksumAlgorithm.SM3, hex);
    }
}
