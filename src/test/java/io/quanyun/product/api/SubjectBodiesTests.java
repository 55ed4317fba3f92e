package io.quanyun.product.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.support.PlatformTest;

/**
 * Huge and malformed bodies on the data subject's channel ({@code /api/v1/subject/**}): each is refused with its own
 * code in problem+json, audited, and nothing is stored (no session opened, no token issued).
 */
@PlatformTest
class SubjectBodiesTests {

    static final String PROVIDER_KEY = "qyi_dev-identity-provider-2026";
    static final String ID_NO = "370102199003078317";

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    @Test
    void openSession_refusesHugeMalformedUnknownAndMistypedBodies_andOpensNothing() throws Exception {
        long opened = count("select count(*) from audit_entry where action = 'product.subject.session' and outcome = 'SUCCESS'");
        long refusals = count("select count(*) from audit_entry where action = 'http.post /api/v1/subject/sessions' "
                + "and outcome = 'REFUSED'");
        String huge = "{\"subject\":\"" + ID_NO + "\",\"padding\":\"" + "x".repeat(SubjectBodies.MAX_BYTES) + "\"}";
        session(huge).andExpect(status().isContentTooLarge()).andExpect(code("body_too_large"));
        session("{\"subject\":").andExpect(status().isBadRequest()).andExpect(code("malformed_request"));
        session("[\"" + ID_NO + "\"]").andExpect(status().isBadRequest()).andExpect(code("malformed_request"));
        session("").andExpect(status().isBadRequest()).andExpect(code("malformed_request"));
        session("{\"subject\":\"" + ID_NO + "\",\"name\":\"张三\"}").andExpect(status().isBadRequest())
                .andExpect(code("validation_failed")).andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("name"));
        session("{\"subject\":370102199003078317}").andExpect(status().isBadRequest())
                .andExpect(code("validation_failed")).andExpect(jsonPath("$.errors[0].field").value("subject"));
        session("{\"subject\":{\"id\":\"" + ID_NO + "\"}}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("subject"));
        mvc.perform(post("/api/v1/subject/sessions").header("X-Identity-Provider-Key", PROVIDER_KEY)
                .contentType(MediaType.TEXT_PLAIN).content(ID_NO)).andExpect(status().isUnsupportedMediaType())
                .andExpect(code("unsupported_media_type"));

        assertThat(count("select count(*) from audit_entry where action = 'product.subject.session' and outcome = 'SUCCESS'"))
                .as("no session opened").isEqualTo(opened);
        assertThat(count("select count(*) from audit_entry where action = 'http.post /api/v1/subject/sessions' "
                + "and outcome = 'REFUSED'") - refusals).as("each refusal of a body audited").isEqualTo(7);
        // a well-formed body still opens one
        session("{\"subject\":\"" + ID_NO + "\"}").andExpect(status().isCreated());
    }

    @Test
    void issueToken_refusesHugeMalformedUnknownAndMistypedBodies_andIssuesNothing() throws Exception {
        String session = JsonPath.read(session("{\"subject\":\"" + ID_NO + "\"}").andExpect(status().isCreated())
                .andReturn().getResponse().getContentAsString(), "$.session");
        long tokens = count("select count(*) from product_consent_token");
        issue(session, "{\"productId\":\"" + "0".repeat(SubjectBodies.MAX_BYTES) + "\"}")
                .andExpect(status().isContentTooLarge()).andExpect(code("body_too_large"));
        issue(session, "{\"productId\":\"a\",,}").andExpect(status().isBadRequest()).andExpect(code("malformed_request"));
        issue(session, "\"just a string\"").andExpect(status().isBadRequest()).andExpect(code("malformed_request"));
        issue(session, "{\"productId\":5,\"consumerId\":\"not-a-uuid\",\"expiresAt\":\"tomorrow\",\"subject\":\"x\"}")
                .andExpect(status().isBadRequest()).andExpect(code("validation_failed"))
                .andExpect(jsonPath("$.errors.length()").value(4))
                .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "subject", "productId", "consumerId", "expiresAt")));
        issue(session, "{\"productId\":[\"00000000-0000-0000-0000-000000000000\"],\"expiresAt\":20270101}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors.length()").value(2));
        assertThat(count("select count(*) from product_consent_token")).as("nothing issued").isEqualTo(tokens);
    }

    @Test
    void aBodyWithoutALength_isCutOffAfterTheLimit() {
        MockHttpServletRequest chunked = new MockHttpServletRequest("POST", "/api/v1/subject/sessions") {
            @Override
            public long getContentLengthLong() {
                return -1;
            }
        };
        chunked.setContent(("{\"subject\":\"" + "1".repeat(10 * SubjectBodies.MAX_BYTES) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> SubjectBodies.read(chunked, Set.of("subject")))
                .isInstanceOfSatisfying(QuanyunException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BODY_TOO_LARGE));
        assertThat(ErrorCode.BODY_TOO_LARGE.status().value()).isEqualTo(413);
    }

    private ResultActions session(String body) throws Exception {
        return mvc.perform(post("/api/v1/subject/sessions").header("X-Identity-Provider-Key", PROVIDER_KEY)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private ResultActions issue(String session, String body) throws Exception {
        return mvc.perform(post("/api/v1/subject/consent-tokens").header("X-Subject-Session", session)
                .contentType(MediaType.APPLICATION_JSON).content(body));
    }

    private static org.springframework.test.web.servlet.ResultMatcher code(String code) {
        return jsonPath("$.type").value("urn:quanyun:error:" + code);
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
