package io.quanyun.console;

import static io.quanyun.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.quanyun.support.Api;
import io.quanyun.support.PlatformTest;

/** Bad input gets a precise problem+json answer and changes nothing. */
@PlatformTest
class ApiErrorsTests {

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    @Test
    void unknownUser_isBadCredentials() throws Exception {
        mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"nobody\",\"password\":\"whatever-123\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:bad_credentials"))
                .andExpect(jsonPath("$.code").value("bad_credentials"))
                .andExpect(jsonPath("$.title").value("用户名或密码错误"));
    }

    @Test
    void wrongPassword_isBadCredentials_inEnglishWhenAsked() throws Exception {
        mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON).header("Accept-Language", "en")
                .content("{\"username\":\"expert3\",\"password\":\"wrong-password\"}"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("bad_credentials"))
                .andExpect(jsonPath("$.title").value("Unknown user or wrong password"));
    }

    @Test
    void malformedJson_isMalformedRequest() throws Exception {
        long tokens = count("api_token");
        mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON).content("{\"username\":"))
                .andExpect(status().isBadRequest())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value("malformed_request"));
        assertThat(count("api_token")).isEqualTo(tokens);
    }

    @Test
    void missingFields_areListedTogether() throws Exception {
        mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.errors.length()").value(2))
                .andExpect(jsonPath("$.errors[0].field").value("username"))
                .andExpect(jsonPath("$.errors[1].field").value("password"));
    }

    @Test
    void wrongContentType_isUnsupportedMediaType() throws Exception {
        mvc.perform(post("/api/v1/auth/token").contentType(MediaType.TEXT_PLAIN).content("bureau"))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.code").value("unsupported_media_type"));
    }

    @Test
    void invalidCreditCode_isRefused_andNothingIsWritten() throws Exception {
        long organizations = count("organization");
        mvc.perform(post("/api/v1/organizations").header("Authorization", bearer(mvc, "bureau"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"校验失败公司\",\"type\":\"PROVIDER\",\"creditCode\":\"91350100M000100Y44\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:invalid_credit_code"))
                .andExpect(jsonPath("$.errors[0].field").value("creditCode"));
        assertThat(count("organization")).isEqualTo(organizations);
        // the refusal itself is on the record
        assertThat(jdbc.sql("select count(*) from audit_entry where outcome = 'REFUSED' and reason = 'invalid_credit_code'")
                .query(Long.class).single()).isPositive();
    }

    @Test
    void unknownEnumValue_isMalformedRequest() throws Exception {
        long organizations = count("organization");
        mvc.perform(post("/api/v1/organizations").header("Authorization", bearer(mvc, "bureau"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"x\",\"type\":\"PIRATE\",\"creditCode\":\"91350100M000100Y43\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("malformed_request"));
        assertThat(count("organization")).isEqualTo(organizations);
    }

    @Test
    void duplicateCreditCode_isConflict() throws Exception {
        String existing = jdbc.sql("select credit_code from organization where name = '济南市公安局'").query(String.class)
                .single();
        mvc.perform(post("/api/v1/organizations").header("Authorization", bearer(mvc, "bureau"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\":\"重复公司\",\"type\":\"PROVIDER\",\"creditCode\":\"" + existing + "\"}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("duplicate"));
    }

    @Test
    void unknownOrganization_isNotFound_andMalformedIdIsValidationFailed() throws Exception {
        mvc.perform(get("/api/v1/organizations/" + UUID.randomUUID()).header("Authorization", bearer(mvc, "bureau")))
                .andExpect(status().isNotFound()).andExpect(jsonPath("$.code").value("not_found"));
        mvc.perform(get("/api/v1/organizations/not-a-uuid").header("Authorization", bearer(mvc, "bureau")))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("id"));
    }

    @Test
    void invalidToken_isTokenInvalid() throws Exception {
        mvc.perform(get("/api/v1/organizations").header("Authorization", "Bearer qy_forged"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("token_invalid"));
    }

    @Test
    void repeatedFailures_lockTheAccount_evenForTheRightPassword() throws Exception {
        String username = "locktest" + (System.nanoTime() % 1_000_000);
        String operatorId = jdbc.sql("select cast(id as varchar) from organization where name = '泉城数据科技有限公司'")
                .query(String.class).single();
        mvc.perform(post("/api/v1/organizations/" + operatorId + "/users").header("Authorization", bearer(mvc, "bureau"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + username + "\",\"displayName\":\"锁定测试\",\"password\":\"Right-pass-1\","
                        + "\"roles\":[\"OPERATOR_ENGINEER\"]}"))
                .andExpect(status().isCreated());
        assertThat(Api.issue(mvc, username, "Right-pass-1")).startsWith("qy_");
        for (int i = 1; i <= 4; i++) {
            mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"username\":\"" + username + "\",\"password\":\"wrong-" + i + "\"}"))
                    .andExpect(status().isUnauthorized());
        }
        mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + username + "\",\"password\":\"wrong-5\"}"))
                .andExpect(status().isLocked()).andExpect(jsonPath("$.code").value("account_locked"));
        mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + username + "\",\"password\":\"Right-pass-1\"}"))
                .andExpect(status().isLocked());
        assertThat(jdbc.sql("select count(*) from audit_entry where action = 'identity.sign-in' and outcome = 'REFUSED' "
                + "and reason like 'wrong password%' and object_id = (select cast(id as varchar) from app_user where username = ?)")
                .param(username).query(Long.class).single()).isEqualTo(5);
    }

    @Test
    void consoleResponses_carrySecurityHeaders() throws Exception {
        mvc.perform(get("/login"))
                .andExpect(status().isOk())
                .andExpect(header().string("X-Frame-Options", "DENY"))
                .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                .andExpect(header().exists("Content-Security-Policy"));
    }

    @Test
    void consoleFormPost_withoutCsrfToken_isRefused() throws Exception {
        mvc.perform(post("/login").param("username", "bureau").param("password", Api.PASSWORD))
                .andExpect(status().isForbidden());
    }
}
