package io.quanyun.sandbox.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.quanyun.sandbox.DeterministicSecureRandom;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Statistical tests of the exact samplers with a fixed seed (20,000 samples each). */
class DiscreteSamplersTests {

    static final int SAMPLES = 20_000;

    final DiscreteSamplers samplers = new DiscreteSamplers(RandomSource.of(new DeterministicSecureRandom(12345)));

    @Test
    void bernoulliExpMinus_matchesExpOfMinusGamma() {
        for (long[] gamma : new long[][] {{1, 2}, {1, 1}, {5, 2}}) {
            int hits = 0;
            for (int i = 0; i < SAMPLES; i++) {
                if (samplers.bernoulliExpMinus(BigInteger.valueOf(gamma[0]), BigInteger.valueOf(gamma[1]))) {
                    hits++;
                }
            }
            double expected = Math.exp(-(double) gamma[0] / gamma[1]);
            assertThat((double) hits / SAMPLES).isCloseTo(expected, within(0.015));
        }
    }

    @Test
    void discreteLaplace_hasZeroMeanAndTheoreticalVariance() {
        // scale b = t/s = 7/2; P(x) ~ exp(-|x|/b); variance = 2q/(1-q)^2 with q = exp(-1/b)
        double b = 3.5;
        double q = Math.exp(-1 / b);
        double variance = 2 * q / ((1 - q) * (1 - q));
        double[] moments = moments(() -> samplers.laplace(BigInteger.TWO, BigInteger.valueOf(7)));

        assertThat(moments[0]).isCloseTo(0.0, within(4 * Math.sqrt(variance / SAMPLES)));
        assertThat(moments[1]).isCloseTo(variance, within(variance * 0.06));
    }

    @Test
    void discreteLaplace_withLargeScale_matchesVariance() {
        double b = 1000.0 / 3;
        double q = Math.exp(-1 / b);
        double variance = 2 * q / ((1 - q) * (1 - q));
        double[] moments = moments(() -> samplers.laplace(BigInteger.valueOf(3), BigInteger.valueOf(1000)));

        assertThat(moments[0]).isCloseTo(0.0, within(4 * Math.sqrt(variance / SAMPLES)));
        assertThat(moments[1]).isCloseTo(variance, within(variance * 0.06));
    }

    @Test
    void discreteGaussian_hasZeroMeanAndVarianceCloseToSigmaSquared() {
        // sigma^2 = 25/2; for sigma >= 1 the discrete Gaussian's variance is within 1e-10 of sigma^2
        double sigmaSquared = 12.5;
        double[] moments = moments(() -> samplers.gaussian(BigInteger.valueOf(25), BigInteger.TWO));

        assertThat(moments[0]).isCloseTo(0.0, within(4 * Math.sqrt(sigmaSquared / SAMPLES)));
        assertThat(moments[1]).isCloseTo(sigmaSquared, within(sigmaSquared * 0.05));
    }

    @Test
    void discreteGaussian_isSymmetricAndIntegral() {
        int positive = 0;
        int negative = 0;
        for (int i = 0; i < SAMPLES; i++) {
            BigInteger value = samplers.gaussian(BigInteger.valueOf(4), BigInteger.ONE);
            positive += value.signum() > 0 ? 1 : 0;
            negative += value.signum() < 0 ? 1 : 0;
        }
        assertThat(Math.abs(positive - negative)).isLessThan(400);
    }

    @Test
    void sameSeed_givesSameSamples() {
        var first = new DiscreteSamplers(RandomSource.of(new DeterministicSecureRandom(99)));
        var second = new DiscreteSamplers(RandomSource.of(new DeterministicSecureRandom(99)));
        for (int i = 0; i < 100; i++) {
            assertThat(first.laplace(BigInteger.ONE, BigInteger.TEN)).isEqualTo(second.laplace(BigInteger.ONE, BigInteger.TEN));
        }
    }

    private static double[] moments(java.util.function.Supplier<BigInteger> sampler) {
        double sum = 0;
        double sumOfSquares = 0;
        for (int i = 0; i < SAMPLES; i++) {
            long value = sampler.get().longValueExact();
            sum += value;
            sumOfSquares += (double) value * value;
        }
        double mean = sum / SAMPLES;
        return new double[] {mean, sumOfSquares / SAMPLES - mean * mean};
    }
}
