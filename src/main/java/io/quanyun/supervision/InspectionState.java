package io.quanyun.supervision;

/** The life of an inspection (Art. 16). */
public enum InspectionState {
    /** Open: the authorizer reads the operator's records and records findings. */
    OPEN,
    /** Closed with a conclusion; the records are no longer open to the inspector. Final. */
    CLOSED
}
