package io.quanyun.sandbox;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Budgets and recorded answers in the database. Each statement commits on its own (the query path
 * holds no transaction while the engine runs): the spend is one conditional UPDATE
 * ({@code spent + e <= total}), so parallel requests, on one node or many, never overspend.
 */
@Component
class JdbcPrivacyLedger implements PrivacyLedger {

    static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Clock clock;

    JdbcPrivacyLedger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public BigDecimal spend(String grantId, BigDecimal total, BigDecimal epsilon) {
        ensureBudget(grantId, total);
        int updated = jdbc.sql("update sandbox_budget set spent_epsilon = spent_epsilon + :e "
                        + "where grant_id = :g and spent_epsilon + :e <= total_epsilon")
                .param("e", epsilon).param("g", grantId).update();
        if (updated == 0) {
            throw new QueryRefused(RefusalRule.BUDGET_EXHAUSTED);
        }
        return remaining(grantId, total);
    }

    @Override
    public BigDecimal remaining(String grantId, BigDecimal total) {
        return jdbc.sql("select total_epsilon - spent_epsilon from sandbox_budget where grant_id = :g")
                .param("g", grantId).query(BigDecimal.class).optional()
                .map(BigDecimal::stripTrailingZeros).orElse(total);
    }

    /** The epsilon spent so far, zero if the grant never spent any. */
    BigDecimal spent(String grantId) {
        return jdbc.sql("select spent_epsilon from sandbox_budget where grant_id = :g")
                .param("g", grantId).query(BigDecimal.class).optional().orElse(BigDecimal.ZERO);
    }

    private void ensureBudget(String grantId, BigDecimal total) {
        boolean exists = jdbc.sql("select count(*) from sandbox_budget where grant_id = :g").param("g", grantId)
                .query(Long.class).single() > 0;
        if (!exists) {
            try {
                jdbc.sql("insert into sandbox_budget (grant_id, total_epsilon, spent_epsilon) values (:g, :t, 0)")
                        .param("g", grantId).param("t", total).update();
            } catch (DataIntegrityViolationException concurrentlyCreated) {
                // another request created it first: fine
            }
        }
    }

    @Override
    public Optional<RecordedAnswer> answer(String grantId, String questionHash) {
        return jdbc.sql("select result_json, refusal_rule from sandbox_answer where grant_id = :g and question_hash = :q")
                .param("g", grantId).param("q", questionHash)
                .query((rs, n) -> {
                    String json = rs.getString(1);
                    String rule = rs.getString(2);
                    return json != null ? new RecordedAnswer(JSON.readValue(json, QueryResult.class), null)
                            : new RecordedAnswer(null, RefusalRule.valueOf(rule));
                }).optional();
    }

    @Override
    public void record(String grantId, String questionHash, RecordedAnswer answer) {
        try {
            jdbc.sql("insert into sandbox_answer (grant_id, question_hash, result_json, refusal_rule, recorded_at) "
                            + "values (:g, :q, :json, :rule, :at)")
                    .param("g", grantId).param("q", questionHash)
                    .param("json", answer.result() == null ? null : JSON.writeValueAsString(answer.result()))
                    .param("rule", answer.refusal() == null ? null : answer.refusal().name())
                    .param("at", java.sql.Timestamp.from(clock.instant()))
                    .update();
        } catch (DataIntegrityViolationException alreadyRecorded) {
            // the first record of a question wins
        }
    }
}
