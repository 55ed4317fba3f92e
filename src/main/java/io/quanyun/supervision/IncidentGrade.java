package io.quanyun.supervision;

/** The grade of a security incident, from the most to the least serious (特别重大、重大、较大、一般). */
public enum IncidentGrade {
    /** 特别重大 */
    SPECIAL,
    /** 重大 */
    MAJOR,
    /** 较大 */
    LARGE,
    /** 一般 */
    GENERAL
}
