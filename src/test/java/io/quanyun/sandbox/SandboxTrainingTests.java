package io.quanyun.sandbox;

import static io.quanyun.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.identity.CreateUser;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.UserView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Role;
import io.quanyun.shared.Zones;
import io.quanyun.supervision.RecordTraining;
import io.quanyun.supervision.SupervisionManagement;
import io.quanyun.supervision.TrainingResult;
import io.quanyun.support.Api;
import io.quanyun.support.PlatformTest;

/**
 * Art. 16 in the sandbox: only people with valid pre-job security training become workspace members and run
 * queries; when a person's training lapses, that person is stopped at the next query (the grant goes on).
 */
@PlatformTest
class SandboxTrainingTests {

    @Autowired MockMvc mvc;
    @Autowired IdentityManagement identity;
    @Autowired SupervisionManagement supervision;
    @Autowired JdbcClient jdbc;
    @Autowired io.quanyun.access.AccessManagement access;

    @Test
    void untrainedEngineer_isRefused_trainedOneWorks_andALapseStopsOnlyThatPerson() throws Exception {
        UUID operatorCompany = identity.organizationsOfType(OrganizationType.OPERATOR).stream()
                .filter(o -> o.name().equals("泉城数据科技有限公司")).findFirst().orElseThrow().id();
        // other test classes share the database and may have suspended the demo grant (rectification, alerts)
        Actors.runAs(Actor.system(), () -> access.restoreGrantsOfOperator(operatorCompany, "test: restore the demo grant"));
        // the restore reaches the workspace through an asynchronous event listener that saves the workspace
        String workspace = activeDemoWorkspace();
        UUID company = identity.organizationsOfType(OrganizationType.OPERATOR).stream()
                .filter(o -> o.name().equals("泉城数据科技有限公司")).findFirst().orElseThrow().id();
        String username = "trainee" + (System.nanoTime() % 1_000_000);
        UserView trainee = Actors.runAs(Actor.system(), () -> identity.createUser(new CreateUser(company, username,
                "实习工程师", "Trainee-pass-1", Set.of(Role.OPERATOR_ENGINEER))));

        mvc.perform(post("/api/v1/sandbox/workspaces/" + workspace + "/members")
                .header("Authorization", bearer(mvc, "operator")).contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + username + "\"}"))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("training_required"));

        LocalDate today = LocalDate.now(Zones.SHANGHAI);
        Actors.runAs(Actor.system(), () -> supervision.recordTraining(new RecordTraining(trainee.id(), "岗前安全培训",
                today.minusDays(1), TrainingResult.PASSED, today.plusMonths(6))));
        // 409 concurrent_modification tells a client to try again: a grant event's listener may save the workspace
        // at the same moment (other test classes share the database and suspend and restore the demo operator)
        for (int attempt = 1; ; attempt++) {
            var added = mvc.perform(post("/api/v1/sandbox/workspaces/" + workspace + "/members")
                    .header("Authorization", bearer(mvc, "operator")).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"username\":\"" + username + "\"}")).andReturn().getResponse();
            if (added.getStatus() == 409 && added.getContentAsString().contains("concurrent_modification")
                    && attempt < 10) {
                Thread.sleep(300);
                continue;
            }
            assertThat(added.getStatus()).as(added.getContentAsString()).isEqualTo(200);
            break;
        }

        String token = "Bearer " + Api.issue(mvc, username, "Trainee-pass-1");
        String query = "{\"workspace\":\"" + workspace + "\",\"sql\":\"SELECT gender, COUNT(*) AS n FROM person GROUP BY gender\"}";
        // the sandbox follows the grant's restoration by event
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> mvc.perform(
                post("/api/v1/sandbox/queries").header("Authorization", bearer(mvc, "operator"))
                        .contentType(MediaType.APPLICATION_JSON).content(query)).andReturn().getResponse().getStatus() == 200);
        mvc.perform(post("/api/v1/sandbox/queries").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(query))
                .andExpect(status().isOk()).andExpect(jsonPath("$.rows").isArray());

        // the training lapses (as if its validity had ended yesterday)
        jdbc.sql("update training_record set valid_until = ? where user_id = ?").param(today.minusDays(1))
                .param(trainee.id()).update();
        mvc.perform(post("/api/v1/sandbox/queries").header("Authorization", token)
                .contentType(MediaType.APPLICATION_JSON).content(query))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("training_required"));
        // the grant goes on for trained members
        mvc.perform(post("/api/v1/sandbox/queries").header("Authorization", bearer(mvc, "operator"))
                .contentType(MediaType.APPLICATION_JSON).content(query))
                .andExpect(status().isOk());
        assertThat(jdbc.sql("select count(*) from audit_entry where outcome = 'REFUSED' and reason like 'training_required%'")
                .query(Long.class).single()).isGreaterThanOrEqualTo(2);
    }

    private String activeDemoWorkspace() throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (true) {
            String body = mvc.perform(get("/api/v1/sandbox/workspaces").header("Authorization", bearer(mvc, "operator")))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            List<String> active = JsonPath.read(body,
                    "$[?(@.scenario == '区县人口与收入统计' && @.state == 'ACTIVE')].id");
            if (!active.isEmpty()) {
                return active.get(0);
            }
            assertThat(System.nanoTime()).as("the demo workspace becomes active again").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
