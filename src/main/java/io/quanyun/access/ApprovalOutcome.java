package io.quanyun.access;

/** What a party decided on a scenario request. */
public enum ApprovalOutcome {
    /** The party agrees to the use. */
    APPROVED,
    /** The party refuses the use, with reasons. */
    REJECTED
}
