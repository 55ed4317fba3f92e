package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.quanyun.identity.IdentityManagement;
import io.quanyun.sandbox.SandboxManagement;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.QuanyunException;

/**
 * The differencing and budget-spending rules (Art. 15) triggered by real sandbox queries of the supervision
 * tests' own operators, and quiet on ordinary analysis.
 */
@SupervisionTest
class MonitoringRulesTests {

    /** Family 5 of the red-team page: two large answers whose difference is one person. */
    static final String WHOLE = "SELECT COUNT(*) AS n, SUM(i.amount) AS s FROM person p JOIN income i ON i.id_no = p.id_no";

    static String without(String idNumber) {
        return WHOLE + "\n WHERE p.id_no <> '" + idNumber + "'";
    }

    @Autowired SupervisionManagement supervision;
    @Autowired SandboxManagement sandbox;
    @Autowired IdentityManagement identity;
    @Autowired SupervisionTestConfiguration.SupervisedOperators operators;
    @Autowired io.quanyun.support.MutableClock clock;

    UUID workspaceOf(SupervisedOperator operator) {
        return operator.workspace(sandbox, identity);
    }

    /** Runs the query as the person; a refusal is part of the activity, not a failure of the test. */
    boolean run(Actor person, UUID workspace, String sql) {
        try {
            Actors.runAs(person, () -> sandbox.query(workspace, sql));
            return true;
        } catch (QuanyunException refused) {
            return false;
        }
    }

    List<AlertView> evaluate() {
        return Actors.runAs(Actor.system(), supervision::evaluateMonitoring);
    }

    List<AlertView> alerts(MonitoringRuleCode rule, String subject) {
        return Actors.runAs(Actor.system(), supervision::alerts).stream()
                .filter(a -> a.rule() == rule && a.subject().equals(subject)).toList();
    }

    @Test
    void differencing_redTeamPairs_raiseAnAlert_onThePerson() {
        SupervisedOperator operator = operators.get("dif");
        UUID workspace = workspaceOf(operator);
        clock.advanceToWeekday(LocalTime.of(10, 0));
        evaluate();
        Actor analyst = operator.engineerActor(identity);
        run(analyst, workspace, WHOLE);
        run(analyst, workspace, without("370102199001011234"));
        run(analyst, workspace, without("370102198505052345"));
        run(analyst, workspace, without("370103197712123456"));
        // and a tracker: a group, then the same group narrowed by one more condition
        run(analyst, workspace, "SELECT COUNT(*) AS n FROM person WHERE district = '历下区'");
        run(analyst, workspace, "SELECT COUNT(*) AS n FROM person WHERE district = '历下区' AND gender = '男'");
        evaluate();
        assertThat(alerts(MonitoringRuleCode.DIFFERENCING, operator.engineer)).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(Severity.WARNING);
            assertThat(alert.organizationId()).isEqualTo(operator.organizationId);
            assertThat(alert.occurrences()).isEqualTo(4);
        });
    }

    @Test
    void differencing_staysQuiet_onOrdinaryAnalysis() {
        SupervisedOperator operator = operators.get("dif");
        UUID workspace = workspaceOf(operator);
        clock.advanceToWeekday(LocalTime.of(10, 0));
        evaluate();
        Actor analyst = operator.adminActor(identity);
        for (String sql : List.of("SELECT gender, COUNT(*) AS n FROM person GROUP BY gender",
                "SELECT district, COUNT(*) AS n FROM person GROUP BY district",
                "SELECT district, gender, COUNT(*) AS n FROM person GROUP BY district, gender",
                "SELECT year, COUNT(*) AS n FROM income GROUP BY year",
                "SELECT hospital, COUNT(*) AS n FROM clinic_visit GROUP BY hospital",
                "SELECT district, COUNT(*) AS n FROM person WHERE gender = '女' GROUP BY district",
                "SELECT district, COUNT(*) AS n FROM person WHERE gender = '男' GROUP BY district",
                "SELECT COUNT(*) AS n FROM income WHERE year = 2023",
                "SELECT COUNT(*) AS n FROM income WHERE year = 2024")) {
            run(analyst, workspace, sql);
        }
        evaluate();
        assertThat(alerts(MonitoringRuleCode.DIFFERENCING, operator.admin)).isEmpty();
    }

    @Test
    void budgetSpending_quietAtAFifth_raisedWhenHalfTheBudgetGoesWithinTheHour() {
        SupervisedOperator operator = operators.get("bud");
        UUID workspace = workspaceOf(operator);
        clock.advanceToWeekday(LocalTime.of(10, 0));
        evaluate();
        Actor analyst = operator.engineerActor(identity);
        String subject = "grant:" + operator.grantId;
        // ordinary use: two distinct questions, 2 of the grant's 10 epsilon; a repeated question costs nothing
        assertThat(run(analyst, workspace, "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender")).isTrue();
        assertThat(run(analyst, workspace, "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender")).isTrue();
        assertThat(run(analyst, workspace, "SELECT district, COUNT(*) AS n FROM person GROUP BY district")).isTrue();
        evaluate();
        assertThat(alerts(MonitoringRuleCode.BUDGET_SPENDING, subject)).isEmpty();

        clock.advance(Duration.ofMinutes(5));
        for (String sql : List.of("SELECT year, COUNT(*) AS n FROM income GROUP BY year",
                "SELECT hospital, COUNT(*) AS n FROM clinic_visit GROUP BY hospital",
                "SELECT district, gender, COUNT(*) AS n FROM person GROUP BY district, gender")) {
            assertThat(run(analyst, workspace, sql)).as(sql).isTrue();
        }
        evaluate();
        assertThat(alerts(MonitoringRuleCode.BUDGET_SPENDING, subject)).singleElement().satisfies(alert -> {
            assertThat(alert.organizationId()).isEqualTo(operator.organizationId);
            assertThat(alert.detail()).contains("50%");
        });
    }
}
