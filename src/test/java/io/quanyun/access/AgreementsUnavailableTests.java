package io.quanyun.access;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import io.quanyun.support.Api;
import io.quanyun.support.PlatformTest;

/** Without the authorization module's agreement source, requests are refused with a clear code. */
@PlatformTest
class AgreementsUnavailableTests {

    @Autowired MockMvc mvc;

    @Test
    void file_withoutAnAgreementSource_isRefused() throws Exception {
        mvc.perform(post("/api/v1/access/requests").header("Authorization", Api.bearer(mvc, "operator"))
                .contentType(MediaType.APPLICATION_JSON)
                .content(AccessFixture.requestJson(UUID.randomUUID(), "无协议", "[]", null, 30)))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("agreements_unavailable"));
    }
}
