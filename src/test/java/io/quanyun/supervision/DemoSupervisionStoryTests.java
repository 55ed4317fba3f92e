package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.support.Api;

/**
 * The supervision story of {@code ./quanyun dev} as the demo loads it: {@code operator2}'s company holds an
 * active agreement from the finished call and an approved grant, fails the evaluation, and is under an issued
 * rectification order, so its grant is suspended with the order as the reason. The story is off for the rest of
 * the suite (no other test may find operator2 suspended), so this class runs on its own in-memory database.
 */
@SpringBootTest(properties = {"quanyun.demo.supervision-story=true",
        "spring.datasource.url=jdbc:h2:mem:quanyun-demo-story;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "quanyun.data-dir=target/test-data-demo-story", "quanyun.demo.people=500"})
@AutoConfigureMockMvc
class DemoSupervisionStoryTests {

    static final String OPERATOR2 = "齐鲁征信服务有限公司";

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    @Test
    void demo_operator2_isUnderAnIssuedOrder_andItsGrantIsSuspendedWithTheOrderAsReason() throws Exception {
        UUID operator2 = jdbc.sql("select id from organization where name = ?").param(OPERATOR2).query(UUID.class)
                .single();
        assertThat(jdbc.sql("select count(*) from authorization_agreement where operator_id = ? "
                + "and activated_at is not null").param(operator2).query(Long.class).single()).isEqualTo(1);
        UUID order = jdbc.sql("select id from rectification_order where operator_id = ? and state = 'ISSUED'")
                .param(operator2).query(UUID.class).single();

        // the order suspends access by event, after the story's transaction
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "SUSPENDED".equals(
                jdbc.sql("select state from access_grant where operator_id = ?").param(operator2)
                        .query(String.class).single()));
        assertThat(jdbc.sql("select state_reason from access_grant where operator_id = ?").param(operator2)
                .query(String.class).single()).contains(order.toString());

        // and operator2 sees it so over the API (a token of its own: the shared token cache belongs to the suite's
        // database, whose users are other rows)
        String token = "Bearer " + Api.issue(mvc, "operator2", Api.PASSWORD);
        String grants = mvc.perform(get("/api/v1/access/grants").header("Authorization", token))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(grants, "$[*].grant.state")).containsExactly("SUSPENDED");
        assertThat(JsonPath.<List<String>>read(grants, "$[*].stateReason")).singleElement().asString()
                .contains(order.toString());

        // operator's grants are untouched
        assertThat(jdbc.sql("select g.state from access_grant g join organization o on o.id = g.operator_id "
                + "where o.name = '泉城数据科技有限公司'").query(String.class).list()).isNotEmpty().containsOnly("ACTIVE");
    }
}
