package io.quanyun.sandbox.privacy;

import static java.util.Objects.requireNonNull;

import java.math.BigInteger;

/**
 * Exact samplers after Canonne, Kamath and Steinke, "The Discrete Gaussian for Differential
 * Privacy" (NeurIPS 2020), Algorithms 1 to 3. All arithmetic is on integers and rationals; no
 * floating point is involved, so the released values lie exactly on the integer grid and the
 * distribution has no floating-point artefacts.
 */
final class DiscreteSamplers {

    private final RandomSource random;

    DiscreteSamplers(RandomSource random) {
        this.random = requireNonNull(random, "random is null");
    }

    /** Bernoulli({@code numerator / denominator}), with {@code 0 <= numerator <= denominator}. */
    boolean bernoulli(BigInteger numerator, BigInteger denominator) {
        return random.uniformBelow(denominator).compareTo(numerator) < 0;
    }

    /** Bernoulli(exp(-{@code numerator / denominator})), with a non-negative rational exponent. */
    boolean bernoulliExpMinus(BigInteger numerator, BigInteger denominator) {
        if (numerator.signum() < 0 || denominator.signum() <= 0) {
            throw new IllegalArgumentException("exponent must be a non-negative rational");
        }
        if (numerator.compareTo(denominator) <= 0) {
            BigInteger k = BigInteger.ONE;
            while (bernoulli(numerator, denominator.multiply(k))) {
                k = k.add(BigInteger.ONE);
            }
            return k.testBit(0);
        }
        BigInteger whole = numerator.divide(denominator);
        for (BigInteger i = BigInteger.ONE; i.compareTo(whole) <= 0; i = i.add(BigInteger.ONE)) {
            if (!bernoulliExpMinus(BigInteger.ONE, BigInteger.ONE)) {
                return false;
            }
        }
        return bernoulliExpMinus(numerator.mod(denominator), denominator);
    }

    /**
     * A sample of the discrete Laplace distribution with scale {@code t / s}: P(x) is proportional
     * to exp(-|x| s / t).
     */
    BigInteger laplace(BigInteger s, BigInteger t) {
        if (s.signum() <= 0 || t.signum() <= 0) {
            throw new IllegalArgumentException("scale must be positive");
        }
        while (true) {
            BigInteger u = random.uniformBelow(t);
            if (!bernoulliExpMinus(u, t)) {
                continue;
            }
            BigInteger v = BigInteger.ZERO;
            while (bernoulliExpMinus(BigInteger.ONE, BigInteger.ONE)) {
                v = v.add(BigInteger.ONE);
            }
            BigInteger x = u.add(t.multiply(v));
            BigInteger y = x.divide(s);
            boolean negative = bernoulli(BigInteger.ONE, BigInteger.TWO);
            if (negative && y.signum() == 0) {
                continue;
            }
            return negative ? y.negate() : y;
        }
    }

    /**
     * A sample of the discrete Gaussian distribution with variance parameter
     * sigma squared = {@code numerator / denominator}: P(x) is proportional to exp(-x^2 / (2 sigma^2)).
     */
    BigInteger gaussian(BigInteger numerator, BigInteger denominator) {
        if (numerator.signum() <= 0 || denominator.signum() <= 0) {
            throw new IllegalArgumentException("sigma squared must be positive");
        }
        BigInteger t = numerator.divide(denominator).sqrt().add(BigInteger.ONE);
        BigInteger twoNumeratorTSquaredDenominator = BigInteger.TWO.multiply(numerator).multiply(t).multiply(t)
                .multiply(denominator);
        while (true) {
            BigInteger y = laplace(BigInteger.ONE, t);
            BigInteger difference = y.abs().multiply(t).multiply(denominator).subtract(numerator);
            if (bernoulliExpMinus(difference.multiply(difference), twoNumeratorTSquaredDenominator)) {
                return y;
            }
        }
    }
}
