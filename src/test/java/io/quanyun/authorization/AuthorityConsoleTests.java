package io.quanyun.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.support.Api;
import io.quanyun.support.MutableClock;
import io.quanyun.support.PlatformTest;
import io.quanyun.support.WithoutDemoSandbox;

/**
 * The authority's steps in the console pages (htmx forms, errors into #messages): publishing and withdrawing a
 * call, starting the review with a chosen panel, proposing the shortlist, answering an objection, concluding.
 */
@PlatformTest
@Import({MutableClock.Configuration.class, WithoutDemoSandbox.class})
class AuthorityConsoleTests {

    static final byte[] PDF = "%PDF-1.4\n% test document\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    @Test
    void authority_walksACallThroughTheConsoleForms() throws Exception {
        String suffix = Long.toString(System.nanoTime() % 100000);
        Instant now = clock.instant();
        String call = draft("控制台公告" + suffix, now);
        MockHttpSession bureau = signIn("bureau");
        assertThat(page(bureau, call)).contains("data-testid=\"publish-call\"", "data-testid=\"withdraw-form\"");
        htmx(bureau, "/authorization/calls/" + call + "/publication")
                .andExpect(header().string("HX-Redirect", "/authorization/calls/" + call));
        assertThat(state(call)).isEqualTo("PUBLISHED");

        String application = JsonPath.read(body(mvc.perform(multipart("/api/v1/calls/" + call + "/applications")
                .file(new MockMultipartFile("business_licence", "营业执照.pdf", "application/pdf", PDF))
                .param("scenarios", "控制台测试场景").header("Authorization", "Bearer " + Api.issue(mvc, "operator2", Api.PASSWORD)))
                .andExpect(status().isCreated())), "$.id");
        String expert3 = jdbc.sql("select id from app_user where username = 'expert3'").query(UUID.class).single()
                .toString();
        assertThat(page(bureau, call)).contains("data-testid=\"review-form\"", "黄律师");
        // the window is still open: the refusal lands in #messages
        String refused = body(htmx(bureau, "/authorization/calls/" + call + "/reviews", "experts", expert3)
                .andExpect(header().string("HX-Retarget", "#messages")));
        assertThat(refused).contains("application_window_open");

        clock.advance(Duration.ofDays(6));
        bureau = signIn("bureau");
        htmx(bureau, "/authorization/calls/" + call + "/reviews", "experts", expert3)
                .andExpect(header().exists("HX-Redirect"));
        assertThat(state(call)).isEqualTo("REVIEWING");
        assertThat(page(bureau, call)).contains("data-testid=\"ranking-sealed\"");

        String expertToken = "Bearer " + Api.issue(mvc, "expert3", Api.PASSWORD);
        String review = jdbc.sql("select r.id from authorization_review r where r.call_id = ?")
                .param(UUID.fromString(call)).query(UUID.class).single().toString();
        mvc.perform(post("/api/v1/reviews/" + review + "/declaration").header("Authorization", expertToken)
                .contentType(MediaType.APPLICATION_JSON).content("{\"conflictedApplicationIds\":[]}"))
                .andExpect(status().isOk());
        mvc.perform(put("/api/v1/reviews/" + review + "/scores/" + application).header("Authorization", expertToken)
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"scores":[{"criterionCode":"C1","score":80,"comment":"好"},{"criterionCode":"C2","score":70,"comment":"可"}]}
                        """)).andExpect(status().isOk());
        mvc.perform(post("/api/v1/reviews/" + review + "/submission").header("Authorization", expertToken))
                .andExpect(status().isOk());

        assertThat(page(bureau, call)).contains("data-testid=\"shortlist-form\"", "data-testid=\"ranking\"");
        htmx(bureau, "/authorization/calls/" + call + "/notice", "shortlist", application)
                .andExpect(header().exists("HX-Redirect"));
        assertThat(state(call)).isEqualTo("NOTICE");

        mvc.perform(post("/portal/calls/" + call + "/objections").with(csrf()).param("applicationId", application)
                .param("text", "控制台异议" + suffix).param("contactName", "周先生").param("contactDetails", "13900000000"))
                .andExpect(status().is3xxRedirection());
        String withObjection = page(bureau, call);
        assertThat(withObjection).contains("data-testid=\"answer-form\"", "控制台异议" + suffix, "13900000000");
        String objection = jdbc.sql("select id from authorization_objection where call_id = ?")
                .param(UUID.fromString(call)).query(UUID.class).single().toString();
        String early = body(htmx(bureau, "/authorization/calls/" + call + "/conclusion"));
        assertThat(early).contains("objections_pending");
        htmx(bureau, "/authorization/objections/" + objection + "/answer", "outcome", "dismissed", "answer",
                "经核查，异议不成立。").andExpect(header().string("HX-Redirect", "/authorization/calls/" + call));
        assertThat(jdbc.sql("select state from authorization_objection where id = ?").param(UUID.fromString(objection))
                .query(String.class).single()).isEqualTo("DISMISSED");
        assertThat(page(bureau, call)).doesNotContain("data-testid=\"answer-form\"").contains("经核查，异议不成立。");
        assertThat(body(htmx(bureau, "/authorization/objections/" + objection + "/answer", "outcome", "upheld",
                "answer", "再答"))).contains("illegal_state_transition");
        assertThat(body(htmx(bureau, "/authorization/calls/" + call + "/conclusion"))).contains("notice_period_running");

        clock.advance(Duration.ofDays(8));
        bureau = signIn("bureau");
        htmx(bureau, "/authorization/calls/" + call + "/conclusion").andExpect(header().exists("HX-Redirect"));
        assertThat(state(call)).isEqualTo("CONCLUDED");
        assertThat(jdbc.sql("select count(*) from authorization_agreement where call_id = ?")
                .param(UUID.fromString(call)).query(Long.class).single()).isEqualTo(1);
        // the sign button is offered to the party whose turn it is, and only to it
        String agreement = jdbc.sql("select id from authorization_agreement where call_id = ?")
                .param(UUID.fromString(call)).query(UUID.class).single().toString();
        assertThat(body(mvc.perform(get("/authorization/agreements/" + agreement).session(signIn("operator2")))))
                .contains("data-testid=\"sign\"")
                // who supervises it and who answers for it (Art. 14)
                .contains("data-testid=\"authorizer\">济南市大数据局<", "data-testid=\"responsible\">刘洋<");
        assertThat(body(mvc.perform(get("/authorization/agreements/" + agreement).session(bureau))))
                .doesNotContain("data-testid=\"sign\"");
    }

    @Test
    void authority_withdrawsACallWithAReason_andOthersSeeNoAuthorityForms() throws Exception {
        String call = draft("撤回公告" + System.nanoTime() % 100000, clock.instant());
        MockHttpSession bureau = signIn("bureau");
        htmx(bureau, "/authorization/calls/" + call + "/publication").andExpect(header().exists("HX-Redirect"));
        assertThat(page(signIn("operator2"), call)).doesNotContain("withdraw-form").doesNotContain("publish-call");
        htmx(bureau, "/authorization/calls/" + call + "/withdrawal", "reason", "授权范围调整，重新发布")
                .andExpect(header().exists("HX-Redirect"));
        assertThat(state(call)).isEqualTo("WITHDRAWN");
        assertThat(jdbc.sql("select withdrawal_reason from authorization_call where id = ?")
                .param(UUID.fromString(call)).query(String.class).single()).isEqualTo("授权范围调整，重新发布");
        assertThat(page(bureau, call)).doesNotContain("withdraw-form");
    }

    @Test
    void operator_appliesWithItsDocumentsInTheCallPage_andWithdraws() throws Exception {
        String call = draft("申报表单公告" + System.nanoTime() % 100000, clock.instant());
        htmx(signIn("bureau"), "/authorization/calls/" + call + "/publication").andExpect(header().exists("HX-Redirect"));
        MockHttpSession operator = signIn("operator2");
        assertThat(page(operator, call)).contains("data-testid=\"application-form\"", "hx-encoding=\"multipart/form-data\"",
                "name=\"business_licence\"", "营业执照");
        // an empty file input is no document: the required one is missing
        assertThat(body(apply(operator, call, new MockMultipartFile("business_licence", "", "application/octet-stream",
                new byte[0])))).contains("required_document_missing");
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0};
        assertThat(body(apply(operator, call, new MockMultipartFile("business_licence", "licence.pdf", "application/pdf",
                png)))).contains("document_rejected");
        assertThat(body(apply(signIn("maintainer"), call, new MockMultipartFile("business_licence", "licence.pdf",
                "application/pdf", PDF)))).contains("maintainer_may_not_operate");
        apply(operator, call, new MockMultipartFile("business_licence", "营业执照.pdf", "application/pdf", PDF))
                .andExpect(header().string("HX-Redirect", "/authorization/calls/" + call));
        String applied = page(operator, call);
        assertThat(applied).contains("data-testid=\"my-application\"", "营业执照.pdf", "已申报", "withdraw-application")
                .doesNotContain("data-testid=\"application-form\"");
        String application = jdbc.sql("select id from authorization_application where call_id = ?")
                .param(UUID.fromString(call)).query(UUID.class).single().toString();
        htmx(operator, "/authorization/applications/" + application + "/withdrawal")
                .andExpect(header().exists("HX-Redirect"));
        assertThat(jdbc.sql("select state from authorization_application where id = ?")
                .param(UUID.fromString(application)).query(String.class).single()).isEqualTo("WITHDRAWN");
    }

    ResultActions apply(MockHttpSession session, String call, MockMultipartFile file) throws Exception {
        return mvc.perform(multipart("/authorization/calls/" + call + "/applications").file(file)
                .param("scenarios", "社区养老服务需求分析").session(session).header("HX-Request", "true").with(csrf()))
                .andExpect(status().isOk());
    }

    String draft(String title, Instant now) throws Exception {
        mvc.perform(post("/api/v1/templates").header("Authorization", "Bearer " + Api.issue(mvc, "bureau", Api.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(AuthorizationFixtures.TEMPLATE_JSON));
        return JsonPath.read(body(mvc.perform(post("/api/v1/calls")
                .header("Authorization", "Bearer " + Api.issue(mvc, "bureau", Api.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content("""
                        {"title":"%s","description":"控制台","mode":"COMPREHENSIVE","domains":["HEALTH"],
                         "requirements":[{"code":"business_licence","label":"营业执照","required":true}],
                         "criteria":[{"name":"方案","weight":50},{"name":"能力","weight":50}],
                         "opensAt":"%s","closesAt":"%s","noticeDays":7,"termMonths":12}
                        """.formatted(title, now.minusSeconds(60), now.plus(Duration.ofDays(5)))))
                .andExpect(status().isCreated())), "$.id");
    }

    String state(String call) {
        return jdbc.sql("select state from authorization_call where id = ?").param(UUID.fromString(call))
                .query(String.class).single();
    }

    String page(MockHttpSession session, String call) throws Exception {
        return body(mvc.perform(get("/authorization/calls/" + call).session(session)).andExpect(status().isOk()));
    }

    ResultActions htmx(MockHttpSession session, String path, String... params) throws Exception {
        MockHttpServletRequestBuilder request = post(path).session(session).header("HX-Request", "true").with(csrf());
        for (int i = 0; i < params.length; i += 2) {
            request.param(params[i], params[i + 1]);
        }
        return mvc.perform(request).andExpect(status().isOk());
    }

    MockHttpSession signIn(String username) throws Exception {
        return (MockHttpSession) mvc.perform(SecurityMockMvcRequestBuilders.formLogin("/login").user(username)
                .password(Api.PASSWORD)).andReturn().getRequest().getSession(false);
    }

    static String body(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
