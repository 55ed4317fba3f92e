package io.quanyun.sandbox;

/** The models the sandbox trains on a derived table. */
public enum ModelKind {
    /** Linear regression by noisy sufficient statistics: the score is the predicted value. */
    LINEAR_REGRESSION,
    /** L2-regularised logistic regression with output perturbation: the score is a probability. */
    LOGISTIC_REGRESSION
}
