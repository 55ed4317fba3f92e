package io.quanyun.catalog;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The keyed hash under which the consent registry knows a data subject, so that it never stores an identity
 * number or credit code:
 *
 * <pre>
 * subject_hash = lower-case hex of SHA-256( key_hex || ':' || upper(trim(identifier)) )
 * </pre>
 *
 * where {@code key_hex} is the lower-case hex of a 32-byte key derived from the vault master key
 * ({@link io.quanyun.catalog.vault.MasterKey#subjectHashKey()}). The sandbox computes the same value inside
 * DuckDB with {@link #sqlExpression(String)}: {@code sha256('<key_hex>:' || upper(trim(column)))}, DuckDB's
 * {@code sha256} returning lower-case hex. Without the key a dictionary of all identity numbers does not
 * reveal who consented.
 */
public final class SubjectHash {

    private final String keyHex;

    SubjectHash(byte[] key) {
        requireNonNull(key, "key is null");
        if (key.length < 16) {
            throw new IllegalArgumentException("the subject hash key has at least 16 bytes");
        }
        this.keyHex = HexFormat.of().formatHex(key);
    }

    /** @return the subject hash of an identifier (normalised: trimmed, upper case) */
    public String of(String identifier) {
        requireNonNull(identifier, "identifier is null");
        MessageDigest sha256 = SHA256.get(); // digest() resets it for the thread's next use
        byte[] digest = sha256.digest((keyHex + ":" + normalise(identifier)).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest);
    }

    /** A SHA-256 per thread: looking the algorithm up for every hash cost more than hashing a short identifier. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    /**
     * @param column a quoted DuckDB column expression holding identifiers
     * @return a DuckDB expression whose value equals {@link #of(String)} of the column's value (contains the key:
     *     never log or show it)
     */
    public String sqlExpression(String column) {
        return "sha256('" + keyHex + ":' || upper(trim(" + column + ")))";
    }

    static String normalise(String identifier) {
        return identifier.trim().toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "SubjectHash[key hidden]";
    }
}
