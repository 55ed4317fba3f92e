package io.quanyun.sandbox.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanyun.sandbox.ColumnType;
import io.quanyun.sandbox.DisclosureRole;
import io.quanyun.sandbox.GrantedColumn;
import io.quanyun.sandbox.GrantedTable;
import io.quanyun.sandbox.QueryRefused;
import io.quanyun.sandbox.RefusalRule;
import io.quanyun.sandbox.SandboxGrant;
import io.quanyun.sandbox.SandboxPolicy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checker remembers checked statements; what it remembers must never answer for a grant or workspace that
 * changed: a derived table created, dropped or replaced, a field taken out of the grant, another policy.
 */
class CheckedStatementCacheTests {

    final QueryChecker checker = new QueryChecker();
    final SandboxGrant grant = CheckProfile.grant("cache-staleness");

    static final String ON_DERIVED = "SELECT district, COUNT(*) AS n FROM adults GROUP BY district";

    static GrantedTable adults(String... extraColumns) {
        var columns = new java.util.ArrayList<GrantedColumn>(List.of(
                GrantedColumn.of("id_no", ColumnType.TEXT, DisclosureRole.DIRECT_IDENTIFIER),
                GrantedColumn.of("district", ColumnType.TEXT, DisclosureRole.QUASI_IDENTIFIER)));
        for (String extra : extraColumns) {
            columns.add(GrantedColumn.of(extra, ColumnType.TEXT, DisclosureRole.QUASI_IDENTIFIER));
        }
        return new GrantedTable("adults", columns, "id_no");
    }

    RefusalRule refusal(String sql, SandboxGrant asked, List<GrantedTable> derived) {
        try {
            checker.check(sql, asked, derived, Set.of());
        } catch (QueryRefused refused) {
            return refused.rule();
        }
        throw new AssertionError("not refused: " + sql);
    }

    @Test
    void derivedTableCreatedDroppedReplaced_isSeenAtOnce() {
        assertThat(refusal(ON_DERIVED, grant, List.of())).isEqualTo(RefusalRule.TABLE_NOT_GRANTED);

        // created: the same text, asked again, is checked against the new table
        var created = (CheckedStatement.Query) checker.check(ON_DERIVED, grant, List.of(adults()), Set.of());
        assertThat(created.query().blocks().get(0).engineSql()).contains("adults");

        // dropped: refused again, not served from memory
        assertThat(refusal(ON_DERIVED, grant, List.of())).isEqualTo(RefusalRule.TABLE_NOT_GRANTED);

        // replaced by a table without the column asked for
        String byGender = "SELECT gender, COUNT(*) AS n FROM adults GROUP BY gender";
        assertThat(refusal(byGender, grant, List.of(adults()))).isEqualTo(RefusalRule.COLUMN_NOT_GRANTED);
        var replaced = (CheckedStatement.Query) checker.check(byGender, grant, List.of(adults("gender")), Set.of());
        assertThat(replaced.query().blocks().get(0).engineSql()).contains("gender");
        assertThat(refusal(byGender, grant, List.of(adults()))).isEqualTo(RefusalRule.COLUMN_NOT_GRANTED);
    }

    @Test
    void grantChangedUnderTheSameId_isCheckedAgain() {
        String sql = "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender";
        checker.check(sql, grant, List.of(), Set.of());

        // the same grant id without the gender field
        GrantedTable person = grant.tables().get(0);
        var narrowed = new SandboxGrant(grant.grantId(), List.of(new GrantedTable("person",
                person.columns().stream().filter(c -> !c.name().equals("gender")).toList(), "id_no"),
                grant.tables().get(1)), grant.policy());
        assertThat(refusal(sql, narrowed, List.of())).isEqualTo(RefusalRule.COLUMN_NOT_GRANTED);

        // the same grant id under another policy: another canonical form
        var threshold = new SandboxGrant(grant.grantId(), grant.tables(), SandboxPolicy.threshold(Map.of()));
        var dp = (CheckedStatement.Query) checker.check(sql, grant, List.of(), Set.of());
        var th = (CheckedStatement.Query) checker.check(sql, threshold, List.of(), Set.of());
        assertThat(th.query().canonicalForm()).isNotEqualTo(dp.query().canonicalForm());
    }

    @Test
    void oneRowPerPersonKnowledge_isPartOfWhatIsRemembered() {
        String sql = "SELECT district, COUNT(*) AS n FROM person GROUP BY district";
        var bounded = (CheckedStatement.Query) checker.check(sql, grant, List.of(), Set.of());
        var single = (CheckedStatement.Query) checker.check(sql, grant, List.of(), Set.of("person"));
        assertThat(single.query().blocks().get(0).engineSql())
                .isNotEqualTo(bounded.query().blocks().get(0).engineSql());
        assertThatThrownBy(() -> checker.check("SELECT id_no FROM person", grant, List.of(), Set.of("person")))
                .isInstanceOf(QueryRefused.class);
    }
}
