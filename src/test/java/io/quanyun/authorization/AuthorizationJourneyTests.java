package io.quanyun.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.identity.CreditCode;
import io.quanyun.support.Api;
import io.quanyun.support.MutableClock;
import io.quanyun.support.PlatformTest;
import io.quanyun.support.WithoutDemoSandbox;

/**
 * The whole procedure over the API (Art. 7, 8, 9, 11): a call from draft to two active agreements, with a
 * refused late application, a refused maintainer, an automatically excluded and a self-declared conflicted
 * expert, sealed scores, one upheld and one dismissed objection, and signatures in order.
 */
@PlatformTest
@Import({MutableClock.Configuration.class, WithoutDemoSandbox.class})
// A database and data directory of its own: the journey moves its clock three years on and runs the expiry job, which
// (rightly) expires every due agreement, the demo operator's included, and the expiry's reactions end the grants and
// suspend the products built on them. On the suite's shared database that took the demo agreement away from every
// later test. Putting the clock back could not undo it, and narrowing the job to this test's agreements would change
// the job for the sake of a test; this class already has a context of its own (its clock), so only the seeding of a
// fresh database is added.
@org.springframework.test.context.TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:quanyun-authorization-journey;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "quanyun.data-dir=target/test-data-authorization-journey" })
class AuthorizationJourneyTests {

    static final byte[] PDF = "%PDF-1.4\n% test document\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0};

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;
    @Autowired DocumentStore store;

    final Map<String, String> tokens = new HashMap<>();

    String bearer(String username) {
        return "Bearer " + tokens.computeIfAbsent(username, name -> Api.issue(mvc, name, Api.PASSWORD));
    }

    void advance(Duration duration) {
        clock.advance(duration);
        tokens.clear();
    }

    ResultActions as(String username, AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return mvc.perform(request.header("Authorization", bearer(username)));
    }

    ResultActions json(String username, MockHttpServletRequestBuilder request, String body) throws Exception {
        return as(username, request.contentType(MediaType.APPLICATION_JSON).content(body));
    }

    static String body(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    static String id(ResultActions result) throws Exception {
        return JsonPath.read(body(result), "$.id");
    }

    static String callJson(String title, String criteria, Instant opens, Instant closes) {
        return """
                {"title":"%s","description":"面向医疗健康领域的综合授权","mode":"COMPREHENSIVE","domains":["HEALTH"],
                 "requirements":[{"code":"business_licence","label":"营业执照","required":true},
                                 {"code":"security_plan","label":"数据安全保障方案","required":true},
                                 {"code":"references","label":"业绩证明","required":false}],
                 "criteria":%s,"opensAt":"%s","closesAt":"%s","noticeDays":7,"termMonths":36}
                """.formatted(title, criteria, opens, closes);
    }

    MockMultipartHttpServletRequestBuilder application(String callId, boolean withPlan) {
        MockMultipartHttpServletRequestBuilder request = multipart("/api/v1/calls/" + callId + "/applications");
        request.file(new MockMultipartFile("business_licence", "营业执照.pdf", "application/pdf", PDF));
        if (withPlan) {
            request.file(new MockMultipartFile("security_plan", "plan.pdf", "application/pdf", PDF));
        }
        request.param("scenarios", "医保理赔核验与健康信用评估");
        return request;
    }

    String registerOperator(String name, String legalRepresentative, String username) throws Exception {
        String code = CreditCode.withCheckCharacter("91370100" + String.format("QB%07d", (int) (System.nanoTime() % 10_000_000))).value();
        String organization = id(json("bureau", post("/api/v1/organizations"), """
                {"name":"%s","type":"OPERATOR","creditCode":"%s","legalRepresentative":"%s"}
                """.formatted(name, code, legalRepresentative)).andExpect(status().isCreated()));
        json("bureau", post("/api/v1/organizations/" + organization + "/users"), """
                {"username":"%s","displayName":"%s","password":"%s","roles":["OPERATOR_ADMIN"]}
                """.formatted(username, legalRepresentative, Api.PASSWORD)).andExpect(status().isCreated());
        return organization;
    }

    String userId(String organizationName, String username) throws Exception {
        return jdbc.sql("select u.id from app_user u where u.username = ?").param(username).query(UUID.class).single()
                .toString();
    }

    @Test
    void call_fromDraftToTwoActiveAgreements() throws Exception {
        String suffix = Long.toString(System.nanoTime() % 100000);
        registerOperator("泉水健康科技有限公司" + suffix, "赵六", "operator3x" + suffix);
        String late = registerOperator("迟到数据有限公司" + suffix, "钱七", "latecomer" + suffix);
        String operator3 = "operator3x" + suffix;
        String latecomer = "latecomer" + suffix;
        // an expert whose name is operator2's legal representative: excluded automatically from its application
        String institution = jdbc.sql("select id from organization where name = '山东数据要素评估研究院'").query(UUID.class)
                .single().toString();
        String liu = "expertliu" + suffix;
        json("bureau", post("/api/v1/organizations/" + institution + "/users"), """
                {"username":"%s","displayName":"刘洋","password":"%s","roles":["EXPERT"]}
                """.formatted(liu, Api.PASSWORD)).andExpect(status().isCreated());

        // template: incomplete refused, complete accepted
        json("bureau", post("/api/v1/templates"), """
                {"title":"不完整范本","clauses":{"PARTIES":"甲乙双方"}}
                """).andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value("agreement_template_incomplete"))
                .andExpect(jsonPath("$.errors.length()").value(7));
        json("bureau", post("/api/v1/templates"), AuthorizationFixtures.TEMPLATE_JSON).andExpect(status().isCreated());

        Instant now = clock.instant();
        // a call without criteria cannot be published
        String bare = id(json("bureau", post("/api/v1/calls"), callJson("无标准公告" + suffix, "[]", now.minusSeconds(60),
                now.plus(Duration.ofDays(10)))).andExpect(status().isCreated()));
        as("bureau", post("/api/v1/calls/" + bare + "/publication")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("review_criteria_invalid"));
        // a term over five years is refused
        json("bureau", post("/api/v1/calls"), callJson("超期公告", "[]", now, now.plus(Duration.ofDays(1)))
                .replace("\"termMonths\":36", "\"termMonths\":61")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("termMonths"));

        String call = id(json("bureau", post("/api/v1/calls"), callJson("医疗健康数据综合授权运营" + suffix, """
                [{"name":"运营方案与应用场景","weight":40},{"name":"技术与安全能力","weight":35},{"name":"经营与合规状况","weight":25}]
                """, now.minusSeconds(60), now.plus(Duration.ofDays(10)))).andExpect(status().isCreated()));
        as("bureau", post("/api/v1/calls/" + call + "/publication")).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("PUBLISHED"));
        mvc.perform(get("/api/v1/public/calls/" + call)).andExpect(status().isOk())
                .andExpect(jsonPath("$.criteria.length()").value(3));
        mvc.perform(get("/portal/calls/" + call)).andExpect(status().isOk());

        // applications: the maintainer is refused and audited (Art. 11)
        as("maintainer", application(call, true)).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("maintainer_may_not_operate"));
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'authorization.application.submit' "
                + "and outcome = 'REFUSED' and reason like 'maintainer_may_not_operate%'").query(Long.class).single())
                .isPositive();
        as("operator2", application(call, false)).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("required_document_missing"));
        as("operator2", multipart("/api/v1/calls/" + call + "/applications")
                .file(new MockMultipartFile("business_licence", "licence.pdf", "application/pdf", PNG))
                .file(new MockMultipartFile("security_plan", "plan.pdf", "application/pdf", PDF))
                .param("scenarios", "x")).andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("document_rejected"));
        String app1 = id(as("operator", application(call, true)).andExpect(status().isCreated()));
        as("operator", application(call, true)).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("application_exists"));
        String app2 = id(as("operator2", application(call, true)).andExpect(status().isCreated()));
        String app3 = id(as(operator3, application(call, true)).andExpect(status().isCreated()));
        assertThat(jdbc.sql("select count(*) from application_document where application_id = ?")
                .param(UUID.fromString(app1)).query(Long.class).single()).isEqualTo(2);

        // the window closes: late application refused, review starts
        as("bureau", post("/api/v1/calls/" + call + "/reviews").contentType(MediaType.APPLICATION_JSON)
                .content("{\"expertUserIds\":[]}")).andExpect(status().isBadRequest());
        String experts = "[\"%s\",\"%s\",\"%s\"]".formatted(userId("", "expert1"), userId("", "expert2"), userId("", liu));
        json("bureau", post("/api/v1/calls/" + call + "/reviews"), "{\"expertUserIds\":" + experts + "}")
                .andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("application_window_open"));
        advance(Duration.ofDays(11));
        as(latecomer, application(call, true)).andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("application_window_closed"));
        assertThat(late).isNotBlank();
        String reviews = body(json("bureau", post("/api/v1/calls/" + call + "/reviews"),
                "{\"expertUserIds\":" + experts + "}").andExpect(status().isOk()));
        List<Map<String, Object>> panel = JsonPath.read(reviews, "$");
        assertThat(panel).hasSize(3);
        String review1 = reviewOf(panel, "expert1");
        String review2 = reviewOf(panel, "expert2");
        String reviewLiu = reviewOf(panel, liu);
        List<String> liuExclusions = JsonPath.read(reviews, "$[?(@.id == '" + reviewLiu + "')].exclusions[*].reason");
        assertThat(liuExclusions).containsExactly("LEGAL_REPRESENTATIVE");

        // scoring before the declaration is refused; the declared conflict excludes expert2 from app1
        score("expert1", review1, app1, 80, 80, 80).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("illegal_state_transition"));
        json("expert1", post("/api/v1/reviews/" + review1 + "/declaration"), "{\"conflictedApplicationIds\":[]}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("SCORING"));
        json("expert2", post("/api/v1/reviews/" + review2 + "/declaration"),
                "{\"conflictedApplicationIds\":[\"" + app1 + "\"],\"statement\":\"曾为该单位提供咨询\"}")
                .andExpect(status().isOk());
        json(liu, post("/api/v1/reviews/" + reviewLiu + "/declaration"), "{\"conflictedApplicationIds\":[]}")
                .andExpect(status().isOk());
        score("expert2", review2, app1, 90, 90, 90).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("conflict_of_interest"));
        score(liu, reviewLiu, app2, 90, 90, 90).andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("conflict_of_interest"));
        score("expert1", review1, app1, 85, 80, 90).andExpect(status().isOk());
        score("expert1", review1, app2, 70, 75, 80).andExpect(status().isOk());
        score("expert1", review1, app3, 60, 60, 60).andExpect(status().isOk());
        as("expert1", post("/api/v1/reviews/" + review1 + "/submission")).andExpect(status().isOk());
        as("expert1", post("/api/v1/reviews/" + review1 + "/submission")).andExpect(status().isConflict());
        score("expert1", review1, app1, 10, 10, 10).andExpect(status().isConflict());
        // sealed until every panel member has submitted
        as("bureau", get("/api/v1/calls/" + call + "/ranking")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("review_sealed"));
        score("expert2", review2, app2, 80, 80, 80).andExpect(status().isOk());
        score("expert2", review2, app3, 70, 70, 70).andExpect(status().isOk());
        as("expert2", post("/api/v1/reviews/" + review2 + "/submission")).andExpect(status().isOk());
        score(liu, reviewLiu, app1, 80, 90, 70).andExpect(status().isOk());
        score(liu, reviewLiu, app3, 65, 65, 65).andExpect(status().isOk());
        as(liu, post("/api/v1/reviews/" + reviewLiu + "/submission")).andExpect(status().isOk());

        String ranking = body(as("bureau", get("/api/v1/calls/" + call + "/ranking")).andExpect(status().isOk()));
        // app1: expert1 85*.4+80*.35+90*.25 = 84.5; liu 80*.4+90*.35+70*.25 = 81.0 -> 82.75
        assertThat(JsonPath.<String>read(ranking, "$[0].applicationId")).isEqualTo(app1);
        assertThat(JsonPath.<Double>read(ranking, "$[0].weightedScore")).isEqualTo(82.75);
        assertThat(JsonPath.<Integer>read(ranking, "$[0].scoredBy")).isEqualTo(2);
        assertThat(JsonPath.<String>read(ranking, "$[1].applicationId")).isEqualTo(app2);
        assertThat(JsonPath.<Integer>read(ranking, "$[1].scoredBy")).isEqualTo(2);

        // notice
        json("bureau", post("/api/v1/calls/" + call + "/notice"),
                "{\"applicationIds\":[\"" + app1 + "\",\"" + app2 + "\",\"" + app3 + "\"]}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("NOTICE"));
        mvc.perform(post("/portal/calls/" + call + "/objections").with(csrf()).param("applicationId", app3)
                .param("text", "该单位存在数据安全违规记录").param("contactName", "孙先生").param("contactDetails", "13800000000"))
                .andExpect(status().is3xxRedirection());
        mvc.perform(post("/portal/calls/" + call + "/objections").with(csrf()).param("applicationId", app1)
                .param("text", "该单位资质存疑").param("contactName", "李女士").param("contactDetails", "li@example.cn"))
                .andExpect(status().is3xxRedirection());
        String publicNotice = body(mvc.perform(get("/api/v1/public/notices/" + call)).andExpect(status().isOk()));
        assertThat(publicNotice).contains("该单位资质存疑").doesNotContain("13800000000").doesNotContain("li@example.cn");
        as("bureau", post("/api/v1/calls/" + call + "/conclusion")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("objections_pending"));
        String objections = body(as("bureau", get("/api/v1/calls/" + call + "/objections")).andExpect(status().isOk()));
        assertThat(objections).contains("13800000000");
        String upheld = JsonPath.<List<String>>read(objections, "$[?(@.applicationId == '" + app3 + "')].id").get(0);
        String dismissed = JsonPath.<List<String>>read(objections, "$[?(@.applicationId == '" + app1 + "')].id").get(0);
        json("bureau", post("/api/v1/objections/" + upheld + "/answer"),
                "{\"upheld\":true,\"answer\":\"经核实，该单位2025年存在数据安全违规，移出入围名单。\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("UPHELD"));
        json("bureau", post("/api/v1/objections/" + dismissed + "/answer"),
                "{\"upheld\":false,\"answer\":\"经核查，该单位资质齐全，异议不成立。\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("DISMISSED"));
        json("bureau", post("/api/v1/objections/" + dismissed + "/answer"), "{\"upheld\":true,\"answer\":\"再答\"}")
                .andExpect(status().isConflict());
        as("bureau", post("/api/v1/calls/" + call + "/conclusion")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("notice_period_running"));
        advance(Duration.ofDays(8));
        mvc.perform(post("/portal/calls/" + call + "/objections").with(csrf()).param("applicationId", app2)
                .param("text", "太迟").param("contactName", "王").param("contactDetails", "1"))
                .andExpect(status().isUnprocessableContent());
        as("bureau", post("/api/v1/calls/" + call + "/conclusion")).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("CONCLUDED"));
        String notice = body(mvc.perform(get("/api/v1/public/notices/" + call)).andExpect(status().isOk()));
        assertThat(JsonPath.<List<String>>read(notice, "$.objections[*].state")).containsExactlyInAnyOrder("UPHELD",
                "DISMISSED");
        assertThat(JsonPath.<List<String>>read(notice, "$.shortlist[?(@.applicationId == '" + app3 + "')].state"))
                .containsExactly("REMOVED_AFTER_OBJECTION");

        // agreements: one per remaining applicant, signed in order
        List<String> ids = jdbc.sql("select id from authorization_agreement where call_id = ? order by operator_name")
                .param(UUID.fromString(call)).query(UUID.class).list().stream().map(UUID::toString).toList();
        assertThat(ids).hasSize(2);
        for (String agreement : ids) {
            String operatorUser = body(as("bureau", get("/api/v1/agreements/" + agreement))).contains("泉城数据科技有限公司")
                    ? "operator" : "operator2";
            as("bureau", post("/api/v1/agreements/" + agreement + "/signatures")).andExpect(status().isConflict())
                    .andExpect(jsonPath("$.code").value("signature_out_of_order"));
            as("expert1", post("/api/v1/agreements/" + agreement + "/signatures")).andExpect(status().isForbidden());
            as(operatorUser, post("/api/v1/agreements/" + agreement + "/signatures")).andExpect(status().isOk())
                    .andExpect(jsonPath("$.state").value("AWAITING_AUTHORIZER_SIGNATURE"))
                    .andExpect(jsonPath("$.signatures[0].onBehalfOf").isNotEmpty());
            as(operatorUser, post("/api/v1/agreements/" + agreement + "/signatures")).andExpect(status().isConflict());
            String signed = body(as("bureau", post("/api/v1/agreements/" + agreement + "/signatures"))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("ACTIVE")));
            String hash = JsonPath.read(signed, "$.documentHash");
            assertThat(JsonPath.<List<String>>read(signed, "$.signatures[*].documentHash")).containsOnly(hash);
            assertThat(JsonPath.<List<String>>read(signed, "$.signatures[*].party")).containsExactly("OPERATOR",
                    "AUTHORIZER");
        }
        assertThat(jdbc.sql("select count(*) from authorization_agreement where call_id = ? and state = 'ACTIVE'")
                .param(UUID.fromString(call)).query(Long.class).single()).isEqualTo(2);
        assertThat(jdbc.sql("select state from authorization_application where id = ?").param(UUID.fromString(app3))
                .query(String.class).single()).isEqualTo("REMOVED_AFTER_OBJECTION");

        // the agreements run 36 months: early termination by the authorizer, expiry by the job's command
        as("operator", post("/api/v1/agreements/" + ids.get(0) + "/termination").contentType(MediaType.APPLICATION_JSON)
                .content("{\"reason\":\"x\"}")).andExpect(status().isForbidden());
        json("bureau", post("/api/v1/agreements/" + ids.get(0) + "/termination"), "{\"reason\":\"评估不合格且逾期未整改\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("TERMINATED"));
        as("bureau", post("/api/v1/agreements/expirations")).andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(0));
        advance(Duration.ofDays(3 * 366));
        as("bureau", post("/api/v1/agreements/expirations")).andExpect(status().isOk())
                .andExpect(jsonPath("$[?(@.id == '" + ids.get(1) + "')].state").value("EXPIRED"));
        // the records stay readable for auditors (Art. 8(5))
        as("auditor", get("/api/v1/agreements/" + ids.get(1))).andExpect(status().isOk())
                .andExpect(jsonPath("$.signatures.length()").value(2));
    }

    ResultActions score(String expert, String review, String application, int c1, int c2, int c3) throws Exception {
        return json(expert, put("/api/v1/reviews/" + review + "/scores/" + application), """
                {"scores":[{"criterionCode":"C1","score":%d,"comment":"方案清晰"},
                           {"criterionCode":"C2","score":%d,"comment":"安全能力较强"},
                           {"criterionCode":"C3","score":%d,"comment":"经营合规"}]}
                """.formatted(c1, c2, c3));
    }

    String reviewOf(List<Map<String, Object>> panel, String username) {
        UUID user = jdbc.sql("select id from app_user where username = ?").param(username).query(UUID.class).single();
        return panel.stream().filter(r -> user.toString().equals(r.get("expertUserId"))).map(r -> (String) r.get("id"))
                .findFirst().orElseThrow();
    }
}
