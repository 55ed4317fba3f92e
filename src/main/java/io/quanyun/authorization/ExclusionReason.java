package io.quanyun.authorization;

/** Why an expert may not score an application (Art. 8(3), conflicts of interest). */
public enum ExclusionReason {
    /** The expert belongs to the applicant organization (automatic). */
    AFFILIATED_WITH_APPLICANT,
    /** The expert is the applicant's legal representative (automatic, by name). */
    LEGAL_REPRESENTATIVE,
    /** The expert declared a conflict. */
    DECLARED
}
