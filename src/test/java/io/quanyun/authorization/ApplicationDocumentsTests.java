package io.quanyun.authorization;

import static io.quanyun.authorization.ConsoleSessions.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.audit.Sm3;
import io.quanyun.support.MutableClock;
import io.quanyun.support.PlatformTest;
import io.quanyun.support.WithoutDemoSandbox;

/**
 * Who may download an applicant's uploaded documents (issue 4): the authority managing the call, the applicant
 * itself, and panel experts who declared and are not conflicted; nobody else and never the public. Every download
 * and every refusal is in the audit log.
 */
@PlatformTest
@Import({MutableClock.Configuration.class, WithoutDemoSandbox.class})
class ApplicationDocumentsTests {

    static final byte[] LICENCE = "%PDF-1.4\n% 营业执照 licence of the applicant\n%%EOF\n".getBytes(StandardCharsets.UTF_8);

    @Autowired MockMvc mvc;
    @Autowired MutableClock clock;
    @Autowired JdbcClient jdbc;

    ConsoleSessions console;

    @BeforeEach
    void setUp() {
        console = new ConsoleSessions(mvc);
    }

    String path(String application) {
        return "/api/v1/applications/" + application + "/documents/business_licence";
    }

    int download(String username, String application) throws Exception {
        MvcResult result = console.api(username, get(path(application))).andReturn();
        if (result.getResponse().getStatus() == 200) {
            assertThat(result.getResponse().getContentAsByteArray()).as(username).isEqualTo(LICENCE);
            assertThat(result.getResponse().getHeader("Content-Disposition")).as(username).startsWith("attachment");
            assertThat(result.getResponse().getHeader("X-Content-SM3")).isEqualTo(Sm3.hex(LICENCE));
        }
        return result.getResponse().getStatus();
    }

    long audited(String application, String outcome) {
        return jdbc.sql("select count(*) from audit_entry where action = 'authorization.application.document' "
                + "and object_id = ? and outcome = ?").param(application).param(outcome).query(Long.class).single();
    }

    @Test
    void documents_areForTheAuthorityTheApplicantAndClearedPanelExperts_only() throws Exception {
        console.json("bureau", post("/api/v1/templates"), AuthorizationFixtures.TEMPLATE_JSON);
        Instant now = clock.instant();
        String call = JsonPath.read(body(console.json("bureau", post("/api/v1/calls"), """
                {"title":"材料下载权限%s","mode":"COMPREHENSIVE","domains":["CREDIT"],
                 "requirements":[{"code":"business_licence","label":"营业执照","required":true}],
                 "criteria":[{"name":"方案","weight":100}],
                 "opensAt":"%s","closesAt":"%s","noticeDays":7,"termMonths":12}
                """.formatted(System.nanoTime() % 100000, now.minusSeconds(60), now.plus(Duration.ofDays(5))))
                .andExpect(status().isCreated())), "$.id");
        console.api("bureau", post("/api/v1/calls/" + call + "/publication")).andExpect(status().isOk());
        String application = JsonPath.read(body(console.api("operator2", multipart("/api/v1/calls/" + call + "/applications")
                .file(new MockMultipartFile("business_licence", "营业执照.pdf", "application/pdf", LICENCE))
                .param("scenarios", "企业信用评估")).andExpect(status().isCreated())), "$.id");

        // before the review: the authority and the applicant; no expert, no other organization
        Map<String, Integer> before = new java.util.LinkedHashMap<>();
        for (String user : List.of("bureau", "operator2", "operator", "expert1", "expert2", "expert3", "provider",
                "auditor", "maintainer", "district")) {
            before.put(user, download(user, application));
        }
        assertThat(before).isEqualTo(Map.of("bureau", 200, "operator2", 200, "operator", 403, "expert1", 403,
                "expert2", 403, "expert3", 403, "provider", 403, "auditor", 403, "maintainer", 403, "district", 403));
        // never the public: no token is no document, and the console sends to the sign-in page
        assertThat(mvc.perform(get(path(application))).andReturn().getResponse().getStatus()).isEqualTo(401);
        assertThat(mvc.perform(get("/authorization/applications/" + application + "/documents/business_licence"))
                .andReturn().getResponse().getStatus()).isIn(302, 401);
        assertThat(body(mvc.perform(get("/portal/calls/" + call)))).doesNotContain("/documents/");

        // the panel: expert1 declares no conflict, expert2 declares one, expert3 is not on the panel
        clock.advance(Duration.ofDays(6));
        Map<String, String> ids = new java.util.HashMap<>();
        for (String expert : List.of("expert1", "expert2", "expert3")) {
            ids.put(expert, jdbc.sql("select id from app_user where username = ?").param(expert).query(UUID.class)
                    .single().toString());
        }
        String panel = body(console.json("bureau", post("/api/v1/calls/" + call + "/reviews"),
                "{\"expertUserIds\":[\"" + ids.get("expert1") + "\",\"" + ids.get("expert2") + "\"]}")
                .andExpect(status().isOk()));
        String review1 = JsonPath.<List<String>>read(panel, "$[?(@.expertUserId == '" + ids.get("expert1") + "')].id").get(0);
        String review2 = JsonPath.<List<String>>read(panel, "$[?(@.expertUserId == '" + ids.get("expert2") + "')].id").get(0);
        // until an expert has declared, a conflict is not ruled out
        assertThat(download("expert1", application)).isEqualTo(403);
        console.json("expert1", post("/api/v1/reviews/" + review1 + "/declaration"), "{\"conflictedApplicationIds\":[]}")
                .andExpect(status().isOk());
        console.json("expert2", post("/api/v1/reviews/" + review2 + "/declaration"),
                "{\"conflictedApplicationIds\":[\"" + application + "\"],\"statement\":\"曾为该单位提供咨询\"}")
                .andExpect(status().isOk());
        assertThat(download("expert1", application)).isEqualTo(200);
        assertThat(download("expert2", application)).isEqualTo(403);
        assertThat(download("expert3", application)).isEqualTo(403);
        assertThat(download("bureau", application)).isEqualTo(200);
        assertThat(download("operator2", application)).isEqualTo(200);
        assertThat(download("operator", application)).isEqualTo(403);

        // a document that is not there is named as such
        assertThat(console.api("bureau", get("/api/v1/applications/" + application + "/documents/security_plan"))
                .andReturn().getResponse().getStatus()).isEqualTo(404);

        // the pages offer the links to those who may, and the console download works for them
        assertThat(console.page(console.signIn("expert1"), "/authorization/reviews/" + review1))
                .contains("data-testid=\"document-link\"", "营业执照.pdf");
        assertThat(console.page(console.signIn("expert2"), "/authorization/reviews/" + review2))
                .doesNotContain("data-testid=\"document-link\"");
        assertThat(console.page(console.signIn("bureau"), "/authorization/calls/" + call))
                .contains("data-testid=\"document-link\"");
        mvc.perform(get("/authorization/applications/" + application + "/documents/business_licence")
                .session(console.signIn("bureau"))).andExpect(status().isOk())
                .andExpect(header().string("Content-Type", "application/pdf"));
        assertThat(mvc.perform(get("/authorization/applications/" + application + "/documents/business_licence")
                .session(console.signIn("expert2"))).andReturn().getResponse().getStatus()).isEqualTo(403);

        // every download and every refusal is audited, with the reader's right and the document's hash
        assertThat(audited(application, "SUCCESS")).isEqualTo(6);
        assertThat(audited(application, "REFUSED")).as(jdbc.sql("select actor || ':' || reason from audit_entry "
                + "where action = 'authorization.application.document' and object_id = ? and outcome = 'REFUSED'")
                .param(application).query(String.class).list().toString()).isEqualTo(14);
        assertThat(jdbc.sql("select details from audit_entry where action = 'authorization.application.document' "
                + "and object_id = ? and actor = 'expert1' and outcome = 'SUCCESS'").param(application)
                .query(String.class).list()).allSatisfy(details -> assertThat(details).contains("expert",
                        Sm3.hex(LICENCE)));
    }
}
