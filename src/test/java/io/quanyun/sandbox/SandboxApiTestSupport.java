package io.quanyun.sandbox;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.jayway.jsonpath.JsonPath;
import io.quanyun.access.GrantDescriptor;
import io.quanyun.support.Api;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** HTTP helpers of the sandbox's API tests. */
final class SandboxApiTestSupport {

    private SandboxApiTestSupport() {
    }

    /** The grant's workspace, with {@code operator} as a member. */
    static UUID workspace(MockMvc mvc, GrantDescriptor grant) throws Exception {
        String body = mvc.perform(get("/api/v1/sandbox/workspaces").header("Authorization", Api.bearer(mvc, "operator")))
                .andReturn().getResponse().getContentAsString();
        List<String> ids = JsonPath.read(body, "$[?(@.grantId == '" + grant.id() + "')].id");
        UUID id = UUID.fromString(ids.get(0));
        List<List<String>> members = JsonPath.read(body, "$[?(@.grantId == '" + grant.id() + "')].members");
        if (!members.get(0).contains("operator")) {
            mvc.perform(post("/api/v1/sandbox/workspaces/" + id + "/members")
                    .header("Authorization", Api.bearer(mvc, "operator")).contentType(MediaType.APPLICATION_JSON)
                    .content("{\"username\":\"operator\"}")).andReturn();
        }
        return id;
    }

    static MvcResult query(MockMvc mvc, UUID workspace, String sql) throws Exception {
        return query(mvc, "operator", workspace, sql);
    }

    static MvcResult query(MockMvc mvc, String user, UUID workspace, String sql) throws Exception {
        String json = "{\"workspace\":\"" + workspace + "\",\"sql\":" + quote(sql) + "}";
        return mvc.perform(post("/api/v1/sandbox/queries").header("Authorization", Api.bearer(mvc, user))
                .contentType(MediaType.APPLICATION_JSON).content(json)).andReturn();
    }

    /** The problem's code of a refused query (fails if the query was answered). */
    static String refusal(MockMvc mvc, UUID workspace, String sql) throws Exception {
        MvcResult result = query(mvc, workspace, sql);
        String body = result.getResponse().getContentAsString();
        if (result.getResponse().getStatus() == 200) {
            throw new AssertionError("not refused: " + sql + " -> " + body);
        }
        return JsonPath.read(body, "$.code");
    }

    static String body(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
