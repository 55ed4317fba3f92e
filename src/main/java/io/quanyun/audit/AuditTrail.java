package io.quanyun.audit;

/**
 * Appends acts to the hash-chained audit log. Every module calls it for every state change and every refusal.
 */
public interface AuditTrail {

    /**
     * Appends an entry in the caller's transaction: when the change it records is rolled back, so is the
     * entry.
     */
    void record(AuditEvent event);

    /**
     * Appends an entry in a transaction of its own, so that it survives the rollback of the refused or failed
     * act it records.
     */
    void recordIndependently(AuditEvent event);
}
