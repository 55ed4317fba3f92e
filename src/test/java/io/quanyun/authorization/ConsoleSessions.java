package io.quanyun.authorization;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.AbstractMockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.quanyun.support.Api;

/** Signed-in console sessions, htmx form posts and bearer-token API calls for the authorization page tests. */
final class ConsoleSessions {

    private final MockMvc mvc;

    ConsoleSessions(MockMvc mvc) {
        this.mvc = mvc;
    }

    MockHttpSession signIn(String username) throws Exception {
        return (MockHttpSession) mvc.perform(SecurityMockMvcRequestBuilders.formLogin("/login").user(username)
                .password(Api.PASSWORD)).andReturn().getRequest().getSession(false);
    }

    /** An htmx form post; errors come back as the message fragment with status 200. */
    ResultActions htmx(MockHttpSession session, String path, String... params) throws Exception {
        MockHttpServletRequestBuilder request = post(path).session(session).header("HX-Request", "true").with(csrf());
        for (int i = 0; i < params.length; i += 2) {
            request.param(params[i], params[i + 1]);
        }
        return mvc.perform(request).andExpect(status().isOk());
    }

    String page(MockHttpSession session, String path) throws Exception {
        return body(mvc.perform(get(path).session(session)).andExpect(status().isOk()));
    }

    ResultActions api(String username, AbstractMockHttpServletRequestBuilder<?> request) throws Exception {
        return mvc.perform(request.header("Authorization", "Bearer " + Api.issue(mvc, username, Api.PASSWORD)));
    }

    ResultActions json(String username, MockHttpServletRequestBuilder request, String json) throws Exception {
        return api(username, request.contentType(MediaType.APPLICATION_JSON).content(json));
    }

    static String body(ResultActions result) throws Exception {
        return result.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
