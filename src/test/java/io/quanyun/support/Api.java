package io.quanyun.support;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

/** Obtains (and caches) demo users' bearer tokens through the real token endpoint. */
public final class Api {

    public static final String PASSWORD = "Quanyun@2026";
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    private Api() {
    }

    public static String token(MockMvc mvc, String username) {
        return TOKENS.computeIfAbsent(username, name -> issue(mvc, name, PASSWORD));
    }

    public static String issue(MockMvc mvc, String username, String password) {
        try {
            String body = mvc.perform(post("/api/v1/auth/token").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))
                    .andReturn().getResponse().getContentAsString();
            return JsonPath.read(body, "$.token");
        } catch (Exception e) {
            throw new IllegalStateException("could not get a token for " + username, e);
        }
    }

    public static String bearer(MockMvc mvc, String username) {
        return "Bearer " + token(mvc, username);
    }
}
