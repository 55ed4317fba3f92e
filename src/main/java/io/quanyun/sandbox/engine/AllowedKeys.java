package io.quanyun.sandbox.engine;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The keys a {@link RowFilter} lets through: distinct lower-case hex values, handed out in ascending order.
 * Immutable; its fingerprint per filtered column is computed once and kept, so a set shared by many queries (the
 * sandbox keeps one per consent state) is hashed once, not per query.
 */
public final class AllowedKeys {

    private static final Pattern KEY = Pattern.compile("[0-9a-f]{1,128}");

    /** Hands its keys in ascending order, each once, to a consumer. */
    @FunctionalInterface
    public interface SortedSource {
        void forEachSorted(Consumer<String> consumer);
    }

    private final int size;
    private final SortedSource source;
    private final Map<String, String> fingerprints = new ConcurrentHashMap<>();

    private AllowedKeys(int size, SortedSource source) {
        this.size = size;
        this.source = source;
    }

    /** Keys in any order (checked: lower-case hex; duplicates dropped). */
    public static AllowedKeys of(Collection<String> keys) {
        String[] sorted = requireNonNull(keys, "keys is null").stream().sorted().distinct().toArray(String[]::new);
        for (String key : sorted) {
            if (key == null || !KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("allowed keys are lower-case hex");
            }
        }
        return new AllowedKeys(sorted.length, consumer -> {
            for (String key : sorted) {
                consumer.accept(key);
            }
        });
    }

    /**
     * Keys an owner already holds sorted and distinct, as lower-case hex (the consent registry's set); not
     * copied. The owner guarantees the order and the form, and that the source does not change.
     */
    public static AllowedKeys sorted(int size, SortedSource source) {
        if (size < 0) {
            throw new IllegalArgumentException("size is negative");
        }
        return new AllowedKeys(size, requireNonNull(source, "source is null"));
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** Hands each key, in ascending order, to the consumer. */
    public void forEach(Consumer<String> consumer) {
        source.forEachSorted(consumer);
    }

    /**
     * SHA-256 of the column's name and the sorted keys (each after a line feed), lower-case hex; computed once per
     * column and kept.
     */
    public String fingerprint(String column) {
        return fingerprints.computeIfAbsent(column, this::computeFingerprint);
    }

    private String computeFingerprint(String column) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(column.getBytes(StandardCharsets.UTF_8));
            source.forEachSorted(key -> {
                sha256.update((byte) '\n');
                sha256.update(key.getBytes(StandardCharsets.US_ASCII));
            });
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "AllowedKeys[" + size + "]";
    }
}
