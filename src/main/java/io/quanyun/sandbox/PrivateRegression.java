package io.quanyun.sandbox;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Differentially private training on rows already clamped and scaled to [0, 1] (one row per person).
 *
 * <p>Linear regression: noisy sufficient statistics. With v = (1, z) each person adds v vᵀ and v y to the
 * statistics, every entry in [0, 1]; adding or removing a person changes the p(p+1)/2 distinct entries of vᵀv
 * and the p entries of vᵀy by at most 1 each, so Laplace noise of scale Δ₁/ε on each distinct entry gives
 * ε-differential privacy; the weights solve the noisy normal equations with a ridge term (post-processing).
 *
 * <p>Logistic regression: output perturbation (Chaudhuri, Monteleoni and Sarwate, 2011). With ‖v‖ ≤ 1 the
 * minimiser of the L2-regularised logistic loss has L2 sensitivity 2/(nλ); noise with density proportional to
 * exp(−nλε‖b‖/2) (a uniform direction and a Gamma(p, 2/(nλε)) norm) gives ε-differential privacy. The
 * minimiser is approximated by gradient descent to a tight tolerance. Noise uses floating point, not the exact
 * discrete samplers of the query path.
 */
final class PrivateRegression {

    /** L2 regularisation of logistic regression. */
    static final double LAMBDA = 0.01;

    private final Random random;

    PrivateRegression(Random random) {
        this.random = random;
    }

    static PrivateRegression secure() {
        return new PrivateRegression(new SecureRandom());
    }

    /** Weights (intercept first) of a linear regression of y on z; rows are z (scaled features), y in [0, 1]. */
    double[] linear(List<double[]> z, double[] y, double epsilon) {
        int p = z.isEmpty() ? 1 : z.get(0).length + 1;
        double[][] a = new double[p][p];
        double[] b = new double[p];
        for (int i = 0; i < z.size(); i++) {
            double[] v = withIntercept(z.get(i));
            for (int r = 0; r < p; r++) {
                b[r] += v[r] * y[i];
                for (int c = r; c < p; c++) {
                    a[r][c] += v[r] * v[c];
                }
            }
        }
        double sensitivity = p * (p + 1) / 2.0 + p;
        double scale = sensitivity / epsilon;
        for (int r = 0; r < p; r++) {
            b[r] += laplace(scale);
            for (int c = r; c < p; c++) {
                a[r][c] += laplace(scale);
                a[c][r] = a[r][c];
            }
        }
        double ridge = Math.max(1, 2 * scale);
        for (int r = 0; r < p; r++) {
            a[r][r] += ridge;
        }
        return solve(a, b);
    }

    /** Weights (intercept first) of a logistic regression on v = (1, z)/√p; labels are true for the positive class. */
    double[] logistic(List<double[]> z, boolean[] labels, double epsilon) {
        int n = z.size();
        int p = n == 0 ? 1 : z.get(0).length + 1;
        double norm = Math.sqrt(p);
        double[][] v = new double[n][];
        for (int i = 0; i < n; i++) {
            v[i] = withIntercept(z.get(i));
            for (int k = 0; k < p; k++) {
                v[i][k] /= norm;
            }
        }
        double[] w = new double[p];
        double step = 1 / (0.25 + LAMBDA);
        for (int iteration = 0; iteration < 400; iteration++) {
            double[] gradient = new double[p];
            for (int i = 0; i < n; i++) {
                double y = labels[i] ? 1 : -1;
                double margin = y * dot(w, v[i]);
                double factor = -y / (1 + Math.exp(margin));
                for (int k = 0; k < p; k++) {
                    gradient[k] += factor * v[i][k] / n;
                }
            }
            double size = 0;
            for (int k = 0; k < p; k++) {
                gradient[k] += LAMBDA * w[k];
                w[k] -= step * gradient[k];
                size += gradient[k] * gradient[k];
            }
            if (Math.sqrt(size) < 1e-9) {
                break;
            }
        }
        double radius = 0;
        for (int k = 0; k < p; k++) {
            radius += -Math.log(1 - random.nextDouble());
        }
        radius *= 2 / (n * LAMBDA * epsilon);
        double[] direction = new double[p];
        double length = 0;
        for (int k = 0; k < p; k++) {
            direction[k] = random.nextGaussian();
            length += direction[k] * direction[k];
        }
        length = Math.sqrt(length);
        for (int k = 0; k < p; k++) {
            w[k] += radius * direction[k] / length;
        }
        return w;
    }

    private double laplace(double scale) {
        double u = random.nextDouble() - 0.5;
        return -scale * Math.signum(u) * Math.log(1 - 2 * Math.abs(u));
    }

    private static double[] withIntercept(double[] z) {
        double[] v = new double[z.length + 1];
        v[0] = 1;
        System.arraycopy(z, 0, v, 1, z.length);
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int k = 0; k < a.length; k++) {
            sum += a[k] * b[k];
        }
        return sum;
    }

    /** Gaussian elimination with partial pivoting; the ridge keeps the system regular. */
    static double[] solve(double[][] matrix, double[] vector) {
        int p = vector.length;
        double[][] a = new double[p][];
        for (int r = 0; r < p; r++) {
            a[r] = java.util.Arrays.copyOf(matrix[r], p + 1);
            a[r][p] = vector[r];
        }
        for (int col = 0; col < p; col++) {
            int pivot = col;
            for (int r = col + 1; r < p; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int r = col + 1; r < p; r++) {
                double f = a[r][col] / a[col][col];
                for (int c = col; c <= p; c++) {
                    a[r][c] -= f * a[col][c];
                }
            }
        }
        double[] x = new double[p];
        for (int r = p - 1; r >= 0; r--) {
            double sum = a[r][p];
            for (int c = r + 1; c < p; c++) {
                sum -= a[r][c] * x[c];
            }
            x[r] = sum / a[r][r];
        }
        return x;
    }

    static List<Double> boxed(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double value : values) {
            list.add(value);
        }
        return list;
    }
}
