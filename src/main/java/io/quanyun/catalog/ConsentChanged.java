package io.quanyun.catalog;

import org.jspecify.annotations.Nullable;

/**
 * A consent was recorded or withdrawn (published synchronously, inside the recording transaction), so that
 * whoever keeps consent answers in memory forgets them at once.
 *
 * @param subjectHash the subject's keyed hash ({@link SubjectHash}), or null when many subjects changed at once
 *     (a bulk recording)
 */
public record ConsentChanged(@Nullable String subjectHash) {
}
