package io.quanyun.product;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;

import io.quanyun.catalog.SubjectHash;

/**
 * The in-memory copy of a verification product's index, what calls answer from: per entry the first 128 bits of
 * the subject's keyed hash ({@link SubjectHash}, never the identifier) and the answer bits (for
 * {@link VerificationComparison#EQUALS} the first 64 bits of the attribute's keyed hash, for
 * {@link VerificationComparison#ON_OR_AFTER} the latest date as an epoch day), in three primitive arrays sorted by
 * the subject prefix: 24 bytes an entry, 240 MB for 10 million. Immutable once built; a rebuild replaces it.
 */
final class MemoryIndex {

    private final VerificationComparison comparison;
    private final int version;
    private final long[] high;
    private final long[] low;
    private final long[] answers;

    private MemoryIndex(VerificationComparison comparison, int version, long[] high, long[] low, long[] answers) {
        this.comparison = comparison;
        this.version = version;
        this.high = high;
        this.low = low;
        this.answers = answers;
    }

    VerificationComparison comparison() {
        return comparison;
    }

    int version() {
        return version;
    }

    int size() {
        return high.length;
    }

    long bytes() {
        return 24L * high.length;
    }

    /** The answer for the subject (its keyed hash, hex) and the caller's input; the input is compared, never kept. */
    VerificationAnswer answer(String subjectHashHex, String input, SubjectHash hashes) {
        long h = prefix(subjectHashHex, 0);
        long l = prefix(subjectHashHex, 16);
        int at = find(h, l);
        if (at < 0) {
            return VerificationAnswer.NOT_FOUND;
        }
        while (at > 0 && high[at - 1] == h && low[at - 1] == l) {
            at--;
        }
        long wanted;
        switch (comparison) {
            case EQUALS -> wanted = prefix(hashes.of(input), 0);
            case ON_OR_AFTER -> {
                try {
                    wanted = LocalDate.parse(input.trim()).toEpochDay();
                } catch (DateTimeParseException e) {
                    return VerificationAnswer.NO_MATCH;
                }
            }
            default -> throw new IllegalStateException();
        }
        for (int i = at; i < high.length && high[i] == h && low[i] == l; i++) {
            boolean match = comparison == VerificationComparison.EQUALS ? answers[i] == wanted : answers[i] >= wanted;
            if (match) {
                return VerificationAnswer.MATCH;
            }
        }
        return VerificationAnswer.NO_MATCH;
    }

    private int find(long h, long l) {
        int from = 0;
        int to = high.length - 1;
        while (from <= to) {
            int middle = (from + to) >>> 1;
            int order = compare(high[middle], low[middle], h, l);
            if (order < 0) {
                from = middle + 1;
            } else if (order > 0) {
                to = middle - 1;
            } else {
                return middle;
            }
        }
        return -1;
    }

    private static int compare(long h1, long l1, long h2, long l2) {
        int order = Long.compareUnsigned(h1, h2);
        return order != 0 ? order : Long.compareUnsigned(l1, l2);
    }

    /** The 64 bits of hex digits {@code from .. from+16} of a lower- or upper-case hex string. */
    static long prefix(String hex, int from) {
        if (hex.length() < from + 16) {
            throw new IllegalArgumentException("not a keyed hash");
        }
        long value = 0;
        for (int i = from; i < from + 16; i++) {
            int digit = Character.digit(hex.charAt(i), 16);
            if (digit < 0) {
                throw new IllegalArgumentException("not a keyed hash");
            }
            value = (value << 4) | digit;
        }
        return value;
    }

    /** Collects entries (keyed hashes as hex, the attribute as stored in the index table), then sorts them once. */
    static final class Builder {
        private final VerificationComparison comparison;
        private final int version;
        private long[] high = new long[1 << 16];
        private long[] low = new long[1 << 16];
        private long[] answers = new long[1 << 16];
        private int size;

        Builder(VerificationComparison comparison, int version) {
            this.comparison = comparison;
            this.version = version;
        }

        void add(String subjectHashHex, String attribute) {
            if (size == high.length) {
                int grown = high.length + (high.length >> 1);
                high = Arrays.copyOf(high, grown);
                low = Arrays.copyOf(low, grown);
                answers = Arrays.copyOf(answers, grown);
            }
            high[size] = prefix(subjectHashHex, 0);
            low[size] = prefix(subjectHashHex, 16);
            answers[size] = comparison == VerificationComparison.EQUALS ? prefix(attribute, 0)
                    : LocalDate.parse(attribute.trim()).toEpochDay();
            size++;
        }

        MemoryIndex build() {
            long[] h = Arrays.copyOf(high, size);
            long[] l = Arrays.copyOf(low, size);
            long[] a = Arrays.copyOf(answers, size);
            high = low = answers = null;
            sort(h, l, a, 0, size - 1);
            return new MemoryIndex(comparison, version, h, l, a);
        }

        /** Quicksort of the three arrays by (high, low), unsigned; the keys are uniform hashes. */
        private static void sort(long[] h, long[] l, long[] a, int from, int to) {
            while (from < to) {
                if (to - from < 16) {
                    for (int i = from + 1; i <= to; i++) {
                        for (int j = i; j > from && compare(h[j - 1], l[j - 1], h[j], l[j]) > 0; j--) {
                            swap(h, l, a, j - 1, j);
                        }
                    }
                    return;
                }
                int middle = (from + to) >>> 1;
                long ph = h[middle];
                long pl = l[middle];
                int i = from;
                int j = to;
                while (i <= j) {
                    while (compare(h[i], l[i], ph, pl) < 0) {
                        i++;
                    }
                    while (compare(h[j], l[j], ph, pl) > 0) {
                        j--;
                    }
                    if (i <= j) {
                        swap(h, l, a, i, j);
                        i++;
                        j--;
                    }
                }
                if (j - from < to - i) {
                    sort(h, l, a, from, j);
                    from = i;
                } else {
                    sort(h, l, a, i, to);
                    to = j;
                }
            }
        }

        private static void swap(long[] h, long[] l, long[] a, int i, int j) {
            long t = h[i];
            h[i] = h[j];
            h[j] = t;
            t = l[i];
            l[i] = l[j];
            l[j] = t;
            t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
