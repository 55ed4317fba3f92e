package io.quanyun.sandbox.policy;

/** The protected aggregates an analyst may ask for. */
public enum MeasureKind {
    /** {@code COUNT(*)}: rows per group. */
    COUNT_ROWS,
    /** {@code COUNT(column)}: non-null values per group. */
    COUNT_VALUES,
    /** {@code COUNT(DISTINCT privacy_unit)}: persons per group. */
    COUNT_UNITS,
    /** {@code SUM(measure)} of clamped values. */
    SUM,
    /** {@code AVG(measure)} of clamped values, released as a protected sum over a protected count. */
    AVERAGE
}
