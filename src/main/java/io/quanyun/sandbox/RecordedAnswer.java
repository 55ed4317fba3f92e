package io.quanyun.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * The recorded outcome of a differentially private question: its released result or the rule that
 * refused it after the budget was spent. Exactly one of the two is present.
 *
 * @param result the released result, with the privacy summary of the first answer
 * @param refusal the refusal
 */
public record RecordedAnswer(@Nullable QueryResult result, @Nullable RefusalRule refusal) {

    public RecordedAnswer {
        if ((result == null) == (refusal == null)) {
            throw new IllegalArgumentException("exactly one of result and refusal");
        }
    }

    /** The answer replayed: no epsilon spent now, {@code remaining} left. */
    QueryResult replay(java.math.BigDecimal remaining) {
        if (refusal != null) {
            throw new QueryRefused(refusal);
        }
        PrivacySummary original = result.privacy();
        return result.withPrivacy(new PrivacySummary(original.mode(), java.math.BigDecimal.ZERO, remaining,
                original.suppressedGroups(), original.suppressedCells(), true));
    }
}
