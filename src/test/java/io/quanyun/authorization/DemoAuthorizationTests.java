package io.quanyun.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.quanyun.support.MutableClock;
import io.quanyun.support.PlatformTest;
import io.quanyun.support.WithoutDemoSandbox;

/**
 * What {@code ./quanyun dev} offers (issue 4, "Done when"): one finished call with the active agreements of
 * {@code operator} and {@code operator2}, and one open domain-specific call, concurred by its provider, that {@code operator2} can
 * apply to in the console. Read only: the demo state is shared by every test class.
 */
@PlatformTest
@Import({MutableClock.Configuration.class, WithoutDemoSandbox.class})
class DemoAuthorizationTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    @Test
    void demo_hasAFinishedCallWithBothOperatorsAgreements_andAnOpenCallForOperator2() throws Exception {
        UUID finished = jdbc.sql("select id from authorization_call where title = '2026年度公共数据综合授权运营'")
                .query(UUID.class).single();
        assertThat(jdbc.sql("select state from authorization_call where id = ?").param(finished).query(String.class)
                .single()).isEqualTo("CONCLUDED");
        assertThat(jdbc.sql("select count(*) from authorization_agreement where call_id = ? and operator_name = "
                + "'泉城数据科技有限公司' and activated_at is not null").param(finished).query(Long.class).single())
                .isEqualTo(1);
        // operator2 holds one too (the agreement whose access the supervision story suspends)
        assertThat(jdbc.sql("select count(*) from authorization_agreement where call_id = ? and operator_name = "
                + "'齐鲁征信服务有限公司' and activated_at is not null").param(finished).query(Long.class).single())
                .isEqualTo(1);

        UUID open = jdbc.sql("select id from authorization_call where title = '门诊就诊数据分领域授权运营（医疗健康）'")
                .query(UUID.class).single();
        assertThat(jdbc.sql("select mode || '|' || state || '|' || provider_concurred_by from authorization_call "
                + "where id = ?").param(open).query(String.class).single())
                .isEqualTo("DOMAIN_SPECIFIC|PUBLISHED|provider-health");
        ConsoleSessions console = new ConsoleSessions(mvc);
        assertThat(console.page(console.signIn("operator2"), "/authorization/calls/" + open))
                .contains("data-testid=\"application-form\"", "name=\"business_licence\"", "name=\"security_plan\"");
    }
}
