package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** Call ids come from a per-thread DRBG: random version 4 UUIDs, distinct. */
class CallIdTests {

    @Test
    void callIds_areRandomVersion4Uuids_andDistinct() {
        Set<UUID> seen = new HashSet<>();
        int setBits = 0;
        for (int i = 0; i < 20_000; i++) {
            UUID id = ProductCalls.newCallId();
            assertThat(id.version()).isEqualTo(4);
            assertThat(id.variant()).isEqualTo(2);
            assertThat(UUID.fromString(id.toString())).isEqualTo(id);
            setBits += Long.bitCount(id.getMostSignificantBits()) + Long.bitCount(id.getLeastSignificantBits());
            assertThat(seen.add(id)).isTrue();
        }
        // 122 random bits per id: about half of them set
        double perId = setBits / 20_000.0;
        assertThat(perId).isBetween(60.0, 64.0);
    }
}
