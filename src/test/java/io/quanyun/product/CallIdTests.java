package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * Call ids are time-ordered version 7 UUIDs (RFC 9562): the call's milliseconds first, then 74 bits from a
 * per-thread DRBG. Distinct, unguessable, and sorted by time in the order databases compare UUIDs (unsigned,
 * most significant bits first), which keeps the meter table's inserts at the end of its indexes.
 */
class CallIdTests {

    private static final long MILLIS = 1_795_000_000_123L; // 2026-11-18

    @Test
    void callIds_areVersion7_carryTheCallsMillisecond_andAreDistinct() {
        Set<UUID> seen = new HashSet<>();
        int randomBitsSet = 0;
        for (int i = 0; i < 20_000; i++) {
            UUID id = ProductCalls.newCallId(MILLIS);
            assertThat(id.version()).isEqualTo(7);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(UUID.fromString(id.toString())).isEqualTo(id);
            assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(MILLIS);
            assertThat(seen.add(id)).isTrue();
            // the 74 random bits: 12 after the version, 62 after the variant
            randomBitsSet += Long.bitCount(id.getMostSignificantBits() & 0x0fffL)
                    + Long.bitCount(id.getLeastSignificantBits() & 0x3fff_ffff_ffff_ffffL);
        }
        // about half of the 74 random bits set
        double perId = randomBitsSet / 20_000.0;
        assertThat(perId).isBetween(36.0, 38.0);
    }

    @Test
    void idsOfLaterCalls_sortAfterEarlierOnes_asUnsignedBytes() {
        List<UUID> ids = new ArrayList<>();
        for (long ms = MILLIS; ms < MILLIS + 1_000; ms += 7) {
            ids.add(ProductCalls.newCallId(ms));
        }
        for (int i = 1; i < ids.size(); i++) {
            UUID before = ids.get(i - 1);
            UUID after = ids.get(i);
            assertThat(Long.compareUnsigned(before.getMostSignificantBits(), after.getMostSignificantBits()))
                    .isNegative();
            assertThat(before.toString()).isLessThan(after.toString());
        }
    }
}
