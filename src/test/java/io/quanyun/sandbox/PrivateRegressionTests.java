package io.quanyun.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Differentially private regression: accurate with many persons, noisy with few, and never returns rows. */
class PrivateRegressionTests {

    @Test
    void linear_withManyPersons_recoversTheRelation() {
        Random data = new Random(7);
        List<double[]> z = new ArrayList<>();
        double[] y = new double[20_000];
        for (int i = 0; i < y.length; i++) {
            double x = data.nextDouble();
            z.add(new double[] {x});
            y[i] = 0.2 + 0.5 * x + (data.nextDouble() - 0.5) * 0.05;
        }
        double[] w = new PrivateRegression(new Random(1)).linear(z, y, 1.0);
        assertThat(w[0]).isCloseTo(0.2, within(0.03));
        assertThat(w[1]).isCloseTo(0.5, within(0.05));
    }

    @Test
    void linear_withFewPersons_isDominatedByNoise() {
        List<double[]> z = new ArrayList<>();
        double[] y = new double[10];
        for (int i = 0; i < y.length; i++) {
            z.add(new double[] {i / 10.0});
            y[i] = i / 10.0;
        }
        double[] first = new PrivateRegression(new Random(1)).linear(z, y, 0.1);
        double[] second = new PrivateRegression(new Random(2)).linear(z, y, 0.1);
        // two runs on the same ten persons differ: the answer does not pin down any one of them
        assertThat(Math.abs(first[1] - second[1]) + Math.abs(first[0] - second[0])).isGreaterThan(1e-3);
    }

    @Test
    void logistic_withManyPersons_separatesTheClasses() {
        Random data = new Random(11);
        List<double[]> z = new ArrayList<>();
        boolean[] labels = new boolean[5_000];
        for (int i = 0; i < labels.length; i++) {
            double x = data.nextDouble();
            z.add(new double[] {x});
            labels[i] = x + (data.nextDouble() - 0.5) * 0.2 > 0.5;
        }
        double[] w = new PrivateRegression(new Random(3)).logistic(z, labels, 1.0);
        assertThat(w[1]).as("the feature raises the odds").isGreaterThan(0);
        var model = new TrainedModel(ModelKind.LOGISTIC_REGRESSION, "t", List.of(new TrainModel.Feature("x", 0, 1)),
                "y", 0, 1, PrivateRegression.boxed(w), List.of(0.0), 0, 5000, 1);
        assertThat(model.score(List.of(0.95))).isGreaterThan(model.score(List.of(0.05)));
        assertThat(model.score(List.of(0.95))).isBetween(0.0, 1.0);
    }

    @Test
    void solve_solvesARegularSystem() {
        double[] x = PrivateRegression.solve(new double[][] {{2, 1}, {1, 3}}, new double[] {3, 5});
        assertThat(x[0]).isCloseTo(0.8, within(1e-9));
        assertThat(x[1]).isCloseTo(1.4, within(1e-9));
    }
}
