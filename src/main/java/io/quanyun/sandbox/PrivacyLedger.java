package io.quanyun.sandbox;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a grant's privacy budget and its recorded answers are kept. The in-memory ledger serves
 * tests and the benchmark; the application keeps both in the database.
 */
public interface PrivacyLedger {

    /**
     * Spends {@code epsilon} of the grant's budget atomically: concurrent callers together never
     * spend more than {@code total}.
     *
     * @return the epsilon left afterwards
     * @throws QueryRefused with {@link RefusalRule#BUDGET_EXHAUSTED} when the rest is too small
     */
    BigDecimal spend(String grantId, BigDecimal total, BigDecimal epsilon);

    /** The epsilon the grant has left; {@code total} if nothing was spent. */
    BigDecimal remaining(String grantId, BigDecimal total);

    /** The recorded answer (or refusal) of a question, by its canonical hash. */
    Optional<RecordedAnswer> answer(String grantId, String questionHash);

    /** Records the answer (or refusal) of a question; the first record of a question wins. */
    void record(String grantId, String questionHash, RecordedAnswer answer);

    /** A ledger held in memory, lost on restart. */
    static PrivacyLedger inMemory() {
        return new InMemory();
    }

    /** The in-memory ledger. */
    final class InMemory implements PrivacyLedger {

        private final Map<String, io.quanyun.sandbox.privacy.PrivacyBudget> budgets = new ConcurrentHashMap<>();
        private final Map<String, RecordedAnswer> answers = new ConcurrentHashMap<>();

        private io.quanyun.sandbox.privacy.PrivacyBudget budget(String grantId, BigDecimal total) {
            return budgets.computeIfAbsent(grantId, id -> new io.quanyun.sandbox.privacy.PrivacyBudget(total));
        }

        @Override
        public BigDecimal spend(String grantId, BigDecimal total, BigDecimal epsilon) {
            return budget(grantId, total).spend(epsilon);
        }

        @Override
        public BigDecimal remaining(String grantId, BigDecimal total) {
            return budget(grantId, total).remaining();
        }

        @Override
        public Optional<RecordedAnswer> answer(String grantId, String questionHash) {
            return Optional.ofNullable(answers.get(grantId + "/" + questionHash));
        }

        @Override
        public void record(String grantId, String questionHash, RecordedAnswer answer) {
            answers.putIfAbsent(grantId + "/" + questionHash, answer);
        }
    }
}
