package io.quanyun.audit;

import org.jspecify.annotations.Nullable;

/**
 * The result of checking the whole chain.
 *
 * @param valid whether every entry's hash is right and links to its predecessor
 * @param entries how many entries were checked
 * @param firstBroken the first entry found wrong, or null when the chain is whole
 */
public record AuditVerification(boolean valid, long entries, @Nullable BrokenEntry firstBroken) {

    /**
     * Where the chain breaks.
     *
     * @param sequence the entry's sequence number
     * @param problem what is wrong: {@code hash_mismatch}, {@code link_mismatch}, {@code sequence_gap} or
     *        {@code head_mismatch} (entries removed at the end)
     */
    public record BrokenEntry(long sequence, String problem, String action, String occurredAt) {
    }
}
