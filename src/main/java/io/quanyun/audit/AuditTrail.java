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

    /**
     * Appends several entries, in the given order, in the caller's transaction under one lock of the chain's
     * head: the group commit of high-volume acts (product calls). The entries are chained exactly as if each
     * had been recorded alone; when the transaction rolls back, none of them stays.
     */
    void recordAll(java.util.List<AuditEvent> events);
}
