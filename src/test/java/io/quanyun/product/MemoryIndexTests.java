package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.quanyun.catalog.SubjectHash;

/** The in-memory verification index: sorted 128-bit prefixes of keyed hashes, answers as bits. */
class MemoryIndexTests {

    private final SubjectHash hashes = subjectHash();

    @Test
    void equals_answersMatchNoMatchNotFound_overManyEntries_andSubjectsWithSeveralValues() {
        MemoryIndex.Builder builder = new MemoryIndex.Builder(VerificationComparison.EQUALS, 3);
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            String subject = "S" + i;
            subjects.add(subject);
            builder.add(hashes.of(subject), hashes.of("name-" + i));
        }
        builder.add(hashes.of("S7"), hashes.of("alias-7")); // a second distinct value for one subject
        MemoryIndex index = builder.build();
        assertThat(index.size()).isEqualTo(50_001);
        assertThat(index.version()).isEqualTo(3);
        Random random = new Random(7);
        for (int n = 0; n < 2_000; n++) {
            int i = random.nextInt(subjects.size());
            assertThat(index.answer(hashes.of(subjects.get(i)), "name-" + i, hashes)).isEqualTo(VerificationAnswer.MATCH);
            assertThat(index.answer(hashes.of(subjects.get(i)), "name-" + (i + 1), hashes))
                    .isEqualTo(VerificationAnswer.NO_MATCH);
        }
        assertThat(index.answer(hashes.of("S7"), "alias-7", hashes)).isEqualTo(VerificationAnswer.MATCH);
        assertThat(index.answer(hashes.of("S7"), "name-7", hashes)).isEqualTo(VerificationAnswer.MATCH);
        assertThat(index.answer(hashes.of("nobody"), "name-1", hashes)).isEqualTo(VerificationAnswer.NOT_FOUND);
        // normalised like the subject hash: trimmed, upper case
        assertThat(index.answer(hashes.of(" s12 "), "name-12", hashes)).isEqualTo(VerificationAnswer.MATCH);
    }

    @Test
    void onOrAfter_comparesTheLatestDate() {
        MemoryIndex.Builder builder = new MemoryIndex.Builder(VerificationComparison.ON_OR_AFTER, 1);
        builder.add(hashes.of("A"), "2025-06-30");
        builder.add(hashes.of("B"), "2020-01-01");
        MemoryIndex index = builder.build();
        assertThat(index.answer(hashes.of("A"), "2025-06-30", hashes)).isEqualTo(VerificationAnswer.MATCH);
        assertThat(index.answer(hashes.of("A"), "2025-07-01", hashes)).isEqualTo(VerificationAnswer.NO_MATCH);
        assertThat(index.answer(hashes.of("B"), "2019-12-31", hashes)).isEqualTo(VerificationAnswer.MATCH);
        assertThat(index.answer(hashes.of("C"), "2019-12-31", hashes)).isEqualTo(VerificationAnswer.NOT_FOUND);
    }

    @Test
    void emptyIndex_findsNothing_andAMalformedHashIsRefused() {
        MemoryIndex index = new MemoryIndex.Builder(VerificationComparison.EQUALS, 1).build();
        assertThat(index.size()).isZero();
        assertThat(index.answer(hashes.of("A"), "x", hashes)).isEqualTo(VerificationAnswer.NOT_FOUND);
        assertThatThrownBy(() -> MemoryIndex.prefix("abc", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemoryIndex.prefix("zz".repeat(16), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(MemoryIndex.prefix("ffffffffffffffff", 0)).isEqualTo(-1L);
        assertThat(MemoryIndex.prefix("00000000000000010", 1)).isEqualTo(16L);
    }

    private static SubjectHash subjectHash() {
        try {
            Constructor<SubjectHash> constructor = SubjectHash.class.getDeclaredConstructor(byte[].class);
            constructor.setAccessible(true);
            return constructor.newInstance((Object) HexFormat.of().parseHex("00112233445566778899aabbccddeeff"));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
