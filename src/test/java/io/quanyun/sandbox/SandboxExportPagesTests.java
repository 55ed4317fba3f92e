package io.quanyun.sandbox;

import static io.quanyun.sandbox.SandboxApiTestSupport.body;
import static io.quanyun.sandbox.SandboxApiTestSupport.query;
import static io.quanyun.sandbox.SandboxApiTestSupport.workspace;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import io.quanyun.access.GrantDescriptor;
import io.quanyun.audit.Sm3;
import io.quanyun.support.Api;
import io.quanyun.support.PlatformTest;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Export review in the console (Art. 13): the member asks from the workspace's history, two reviewers at the
 * authority see the checked result and decide with reasons, the member downloads CSV and XLSX; in Chinese and
 * English; a rejection ends the request and nothing can be downloaded.
 */
@PlatformTest
@Import(SandboxTestGrants.class)
class SandboxExportPagesTests {

    @Autowired MockMvc mvc;
    @Autowired SandboxTestGrants.TestGrantDirectory grants;
    @Autowired JdbcClient jdbc;

    UUID workspace;

    @BeforeEach
    void workspaceWithAResult() throws Exception {
        GrantDescriptor grant = grants.grant("导出审核页面", "THRESHOLD", BigDecimal.TEN, BigDecimal.ONE, "person");
        workspace = workspace(mvc, grant);
    }

    MockHttpSession signIn(String username) throws Exception {
        MvcResult result = mvc.perform(formLogin("/login").user(username).password(Api.PASSWORD))
                .andExpect(redirectedUrl("/home")).andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    private String releasedQuery() throws Exception {
        MvcResult result = query(mvc, workspace, "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender");
        assertThat(result.getResponse().getStatus()).as(body(result)).isEqualTo(200);
        return JsonPath.read(body(result), "$.id");
    }

    private String page(String path, MockHttpSession session) throws Exception {
        return mvc.perform(get(path).session(session)).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    private UUID requestExport(MockHttpSession operator, String queryId, String purpose) throws Exception {
        mvc.perform(post("/sandbox/queries/" + queryId + "/export").session(operator).with(csrf())
                .header("HX-Request", "true").param("purpose", purpose))
                .andExpect(header().string("HX-Redirect", "/sandbox/exports"));
        return jdbc.sql("select id from sandbox_export where query_id = ?").param(UUID.fromString(queryId))
                .query(UUID.class).single();
    }

    private void review(MockHttpSession reviewer, UUID export, String decision, String reason) throws Exception {
        mvc.perform(post("/sandbox/exports/" + export + "/review").session(reviewer).with(csrf())
                .header("HX-Request", "true").param("decision", decision).param("reason", reason))
                .andExpect(header().string("HX-Redirect", "/sandbox/exports"));
    }

    @Test
    void member_asks_twoReviewersApprove_withTheCheckedResultInView_thenTheMemberDownloads() throws Exception {
        String queryId = releasedQuery();
        MockHttpSession operator = signIn("operator");
        assertThat(page("/sandbox/workspaces/" + workspace, operator)).contains("data-testid=\"export-form\"")
                .contains("申请导出");
        UUID export = requestExport(operator, queryId, "区县性别结构报告");
        assertThat(page("/sandbox/exports", operator)).contains("待审核").contains("区县性别结构报告")
                .doesNotContain("data-testid=\"review-form\"");

        MockHttpSession bureau = signIn("bureau");
        String pending = page("/sandbox/exports", bureau);
        assertThat(pending).contains("成果导出审核").contains("data-export-id=\"" + export + "\"")
                .contains("已通过隐私检查的结果").contains("data-testid=\"review-form\"");
        String card = pending.substring(pending.indexOf("data-export-id=\"" + export + "\""));
        assertThat(card).contains("<th>gender</th>").contains("<th>n</th>").contains("男").contains("女");
        review(bureau, export, "APPROVE", "聚合结果，分组均达到门限");
        // one approval is not enough; the same reviewer cannot approve twice
        mvc.perform(get("/sandbox/exports/" + export + "/download").session(operator))
                .andExpect(status().isConflict());
        mvc.perform(post("/sandbox/exports/" + export + "/review").session(bureau).with(csrf())
                .header("HX-Request", "true").param("decision", "APPROVE").param("reason", "再次批准"))
                .andExpect(status().isOk()).andExpect(header().string("HX-Retarget", "#messages"));

        review(signIn("district"), export, "APPROVE", "同意导出");
        String approved = page("/sandbox/exports", operator);
        assertThat(approved).contains("已批准").contains("data-testid=\"downloads\"")
                .contains("/sandbox/exports/" + export + "/download?format=csv");

        MvcResult csv = mvc.perform(get("/sandbox/exports/" + export + "/download").param("format", "csv")
                .session(operator)).andExpect(status().isOk()).andReturn();
        String text = csv.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(text).contains(export.toString()).contains("gender");
        assertThat(csv.getResponse().getHeader("X-Quanyun-SM3")).isEqualTo(Sm3.hex(csv.getResponse().getContentAsByteArray()));
        MvcResult xlsx = mvc.perform(get("/sandbox/exports/" + export + "/download").param("format", "xlsx")
                .session(operator)).andExpect(status().isOk()).andReturn();
        assertThat(xlsx.getResponse().getContentType()).startsWith(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        assertThat(xlsx.getResponse().getContentAsByteArray()).startsWith((byte) 'P', (byte) 'K');
    }

    @Test
    void aRejection_endsTheRequest_andNothingCanBeDownloaded_inEnglishToo() throws Exception {
        String queryId = releasedQuery();
        MockHttpSession operator = signIn("operator");
        UUID export = requestExport(operator, queryId, "raw list for marketing");
        MockHttpSession bureau = signIn("bureau");
        String english = mvc.perform(get("/sandbox/exports").param("lang", "en").session(bureau))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(english).contains("Export review").contains("Approve").contains("Reject").contains("Result as checked");
        // reasons are required
        mvc.perform(post("/sandbox/exports/" + export + "/review").session(bureau).with(csrf())
                .header("HX-Request", "true").param("decision", "REJECT").param("reason", " "))
                .andExpect(header().string("HX-Retarget", "#messages"));
        review(bureau, export, "REJECT", "用途与场景不符");
        assertThat(page("/sandbox/exports", operator)).contains("已驳回").contains("用途与场景不符")
                .doesNotContain("/sandbox/exports/" + export + "/download");
        mvc.perform(get("/sandbox/exports/" + export + "/download").session(operator))
                .andExpect(status().isConflict());
        List<String> states = jdbc.sql("select state from sandbox_export where id = ?").param(export)
                .query(String.class).list();
        assertThat(states).containsExactly("REJECTED");
    }

    @Test
    void operators_cannotReview() throws Exception {
        String queryId = releasedQuery();
        MockHttpSession operator = signIn("operator");
        UUID export = requestExport(operator, queryId, "自审");
        mvc.perform(post("/sandbox/exports/" + export + "/review").session(operator).with(csrf())
                .param("decision", "APPROVE").param("reason", "自己批准"))
                .andExpect(status().isForbidden());
    }
}
