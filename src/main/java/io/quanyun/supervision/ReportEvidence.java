package io.quanyun.supervision;

/**
 * The evidence the platform holds on an operator for a reporting period, pre-filled into its security report.
 *
 * @param queries sandbox queries run by its staff
 * @param refusedQueries of which refused by the policy checker
 * @param exportRequests export requests
 * @param alerts monitoring alerts raised about it
 * @param incidents incidents reported about it
 * @param openIncidents of which not closed
 * @param staff its engineers and administrators
 * @param trainedStaff of whom with valid security training at the end of the period
 */
public record ReportEvidence(long queries, long refusedQueries, long exportRequests, long alerts, long incidents,
        long openIncidents, long staff, long trainedStaff) {
}
