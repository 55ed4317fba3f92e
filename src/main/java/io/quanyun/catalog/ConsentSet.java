package io.quanyun.catalog;

import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The subjects whose consent to a purpose for an operator holds on a day, as the registry knows them at a
 * generation of that purpose and operator (raised by every consent recorded or withdrawn). Immutable; the
 * registry hands out the same instance while neither the generation nor the day changes, so holders may keep
 * whatever they derive from it (a fingerprint, a filtered copy) for as long as they are handed the same set.
 *
 * <p>The keyed subject hashes (64 lower-case hex digits, {@link SubjectHash}) are held sorted and packed as four
 * {@code long}s each (32 bytes a subject instead of a {@code String}'s ~100).
 */
public final class ConsentSet {

    private static final HexFormat HEX = HexFormat.of();

    private final String purpose;
    private final UUID operatorId;
    private final long generation;
    private final LocalDate day;
    private final long[] packed;

    private ConsentSet(String purpose, UUID operatorId, long generation, LocalDate day, long[] packed) {
        this.purpose = purpose;
        this.operatorId = operatorId;
        this.generation = generation;
        this.day = day;
        this.packed = packed;
    }

    /**
     * @param hashes the subject hashes (any order, duplicates allowed); a value that is not 64 lower-case hex
     *     digits is left out, as no engine-computed subject hash can equal it
     */
    static ConsentSet of(String purpose, UUID operatorId, long generation, LocalDate day, List<String> hashes) {
        String[] sorted = hashes.stream().filter(ConsentSet::wellFormed).sorted().distinct().toArray(String[]::new);
        long[] packed = new long[sorted.length * 4];
        for (int i = 0; i < sorted.length; i++) {
            for (int part = 0; part < 4; part++) {
                packed[4 * i + part] = HexFormat.fromHexDigitsToLong(sorted[i], 16 * part, 16 * part + 16);
            }
        }
        return new ConsentSet(purpose, operatorId, generation, day, packed);
    }

    private static boolean wellFormed(String hash) {
        if (hash == null || hash.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = hash.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    public String purpose() {
        return purpose;
    }

    public UUID operatorId() {
        return operatorId;
    }

    /** The purpose and operator's generation the set was read at. */
    public long generation() {
        return generation;
    }

    /** The day (Asia/Shanghai) on which these consents hold. */
    public LocalDate day() {
        return day;
    }

    /** How many subjects consented. */
    public int size() {
        return packed.length / 4;
    }

    /** Hands each subject hash, in ascending order, to the consumer. */
    public void forEachHash(Consumer<String> consumer) {
        for (int i = 0; i < packed.length; i += 4) {
            consumer.accept(hash(i));
        }
    }

    /** Whether the subject hash is in the set (binary search). */
    public boolean contains(String hash) {
        if (!wellFormed(hash)) {
            return false;
        }
        long[] wanted = new long[4];
        for (int part = 0; part < 4; part++) {
            wanted[part] = HexFormat.fromHexDigitsToLong(hash, 16 * part, 16 * part + 16);
        }
        int low = 0;
        int high = size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            int order = compare(middle, wanted);
            if (order < 0) {
                low = middle + 1;
            } else if (order > 0) {
                high = middle - 1;
            } else {
                return true;
            }
        }
        return false;
    }

    private int compare(int index, long[] wanted) {
        for (int part = 0; part < 4; part++) {
            int order = Long.compareUnsigned(packed[4 * index + part], wanted[part]);
            if (order != 0) {
                return order;
            }
        }
        return 0;
    }

    private String hash(int offset) {
        StringBuilder text = new StringBuilder(64);
        for (int part = 0; part < 4; part++) {
            text.append(HEX.toHexDigits(packed[offset + part]));
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return "ConsentSet[" + purpose + ", " + operatorId + ", generation " + generation + ", " + day + ", "
                + size() + " subjects]";
    }
}
