package io.quanyun.sandbox.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanyun.sandbox.SandboxPolicy;
import io.quanyun.sandbox.policy.ProtectedBlock;
import io.quanyun.sandbox.policy.ProtectedBlock.BlockColumn;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Private selection of group keys in differential privacy mode: a group is released only when its noisy
 * persons count reaches {@code max(k, 1 + ceil(b ln(m / delta)))}, so a group that one person alone creates is
 * released with probability at most delta (per person and block), and the selection is paid by the persons
 * count's epsilon share.
 */
class PrivateSelectionTests {

    /** One group key, the persons count, the HAVING mark; no other measure. */
    private static final ProtectedBlock BLOCK = new ProtectedBlock("SELECT 1",
            List.of(new BlockColumn(BlockColumn.Kind.GROUP_KEY, 0, -1)), List.of(), 1, 2, 1, 1);

    private static SandboxPolicy policy(String epsilon) {
        return SandboxPolicy.differentialPrivacy(Map.of(), new BigDecimal(epsilon), new BigDecimal("1000"), 1);
    }

    @Test
    void threshold_growsWithTheNoiseScaleAndTheGroupsPerPerson_andIsNeverBelowK() {
        var protection = new OutputProtection(RandomSource.secure(), 1e-5);
        // b = 1 * 2 / 1 = 2: 1 + ceil(2 ln 1e5) = 1 + ceil(23.03) = 25
        assertThat(protection.selectionThreshold(1, BigInteger.ONE, BigInteger.ONE, 2, 10)).isEqualTo(25);
        // b = 5 * 4 / 1 = 20, m = 5: 1 + ceil(20 ln 5e5) = 1 + ceil(262.4) = 264
        assertThat(protection.selectionThreshold(5, BigInteger.ONE, BigInteger.ONE, 4, 10)).isEqualTo(264);
        // epsilon 10 per query: b = 0.2, 1 + ceil(0.2 ln 1e5) = 4, below k = 10
        assertThat(protection.selectionThreshold(1, BigInteger.TEN, BigInteger.ONE, 2, 10)).isEqualTo(10);
        assertThatThrownBy(() -> new OutputProtection(RandomSource.secure(), 0)).isInstanceOf(
                IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutputProtection(RandomSource.secure(), 0.5)).isInstanceOf(
                IllegalArgumentException.class);
    }

    @Test
    void aGroupOfOnePerson_isReleasedAtMostWithProbabilityDelta() {
        double delta = 0.02;
        var protection = new OutputProtection(RandomSource.secure(), delta);
        // epsilon 0.1, one share: b = 10; tau = 1 + ceil(10 ln 50) = 41 (> k = 10)
        SandboxPolicy policy = policy("0.1");
        int trials = 20_000;
        int released = 0;
        for (int i = 0; i < trials; i++) {
            var rows = new ArrayList<List<Object>>();
            rows.add(List.of("只有一人的组", 1L, true));
            released += protection.protect(BLOCK, rows, policy, 1).rows().size();
        }
        // the exact tail is P(X >= 40) = e^-4 / (1 + e^-0.1) ~ 0.0096 <= delta; with the bare k = 10 rule a
        // group of one was released with P(X >= 9) ~ 0.21
        assertThat((double) released / trials).isLessThanOrEqualTo(delta).isGreaterThan(0.004);
    }

    @Test
    void largeGroups_areStillReleased() {
        var protection = new OutputProtection(RandomSource.secure(), 1e-5);
        SandboxPolicy policy = policy("1");
        var rows = new ArrayList<List<Object>>();
        for (int g = 0; g < 50; g++) {
            rows.add(List.of("组" + g, 500L, true));
        }
        // tau = 1 + ceil(1 * ln 1e5) = 13: every group of 500 persons is released
        assertThat(protection.protect(BLOCK, rows, policy, 1).rows()).hasSize(50);
    }
}
