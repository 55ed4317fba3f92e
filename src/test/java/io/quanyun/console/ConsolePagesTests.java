package io.quanyun.console;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import io.quanyun.support.Api;
import io.quanyun.support.PlatformTest;

/** Console pages after a real form sign-in: who sees which page, in Chinese first and English on request. */
@PlatformTest
class ConsolePagesTests {

    @Autowired MockMvc mvc;

    MockHttpSession signIn(String username) throws Exception {
        var result = mvc.perform(formLogin("/login").user(username).password(Api.PASSWORD))
                .andExpect(redirectedUrl("/home")).andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    @Test
    void wrongPassword_returnsToTheLoginPageWithAnError() throws Exception {
        mvc.perform(formLogin("/login").user("provider").password("nope-nope"))
                .andExpect(redirectedUrl("/login?error=bad"));
        mvc.perform(get("/login").param("error", "bad"))
                .andExpect(content().string(containsString("用户名或密码错误")));
    }

    @Test
    void protectedPage_withoutSession_redirectsToLogin() throws Exception {
        mvc.perform(get("/home")).andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/login"));
    }

    @ParameterizedTest(name = "{0}: home shows {1}")
    @CsvSource({"bureau,主管部门管理员", "provider,数据提供单位经办人", "operator,运营单位技术人员", "expert1,评审专家",
            "maintainer,平台运维人员", "auditor,审计员"})
    void home_showsTheRolesWork(String username, String roleLabel) throws Exception {
        mvc.perform(get("/home").session(signIn(username)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("欢迎，" + username)))
                .andExpect(content().string(containsString(roleLabel)));
    }

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource({"bureau,/admin/organizations,200", "auditor,/admin/organizations,200", "operator,/admin/organizations,200",
            "provider,/admin/organizations,200", "auditor,/audit,200", "bureau,/audit,200", "operator,/audit,403",
            "provider,/audit,403", "maintainer,/audit,403"})
    void pages_followRoles(String username, String path, int expected) throws Exception {
        mvc.perform(get(path).session(signIn(username))).andExpect(status().is(expected));
    }

    @Test
    void navigation_showsOnlyWhatTheRoleMayUse() throws Exception {
        mvc.perform(get("/home").session(signIn("operator")))
                .andExpect(content().string(not(containsString("href=\"/audit\""))));
        mvc.perform(get("/home").session(signIn("auditor")))
                .andExpect(content().string(containsString("href=\"/audit\"")));
    }

    @Test
    void englishSwitch_translatesTheConsole() throws Exception {
        MockHttpSession session = signIn("bureau");
        mvc.perform(get("/home").session(session).param("lang", "en"))
                .andExpect(content().string(containsString("Welcome, bureau")));
    }

    @Test
    void refusedConsoleAction_rendersTheMessageFragmentForHtmx() throws Exception {
        mvc.perform(post("/admin/organizations").session(signIn("bureau")).with(csrf()).header("HX-Request", "true")
                .param("name", "坏代码单位").param("type", "PROVIDER").param("creditCode", "91350100M000100Y44"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("invalid_credit_code")))
                .andExpect(content().string(containsString("统一社会信用代码无效")));
    }

    @Test
    void auditPage_verifiesTheChain() throws Exception {
        mvc.perform(post("/audit/verify").session(signIn("auditor")).with(csrf()).header("HX-Request", "true"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("哈希链完整")));
    }
}
