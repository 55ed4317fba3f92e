package io.quanyun.journey;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.jayway.jsonpath.JsonPath;

/**
 * The application on a random port, driven over real HTTP: every demo role signs in (token and form), the
 * platform's public endpoints answer, and the audit chain holds every sign-in and verifies.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlatformJourneyIT {

    static final List<String> DEMO_USERS = List.of("bureau", "district", "provider", "provider-tax",
            "provider-health", "provider-traffic", "provider-market", "operator", "operator2", "expert1", "expert2",
            "expert3", "maintainer", "auditor");

    @LocalServerPort int port;
    final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    String url(String path) {
        return "http://localhost:" + port + path;
    }

    HttpResponse<String> postJson(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    String token(String username) throws Exception {
        HttpResponse<String> response = postJson("/api/v1/auth/token",
                "{\"username\":\"" + username + "\",\"password\":\"Quanyun@2026\"}");
        assertThat(response.statusCode()).as("token for %s", username).isEqualTo(200);
        assertThat((String) JsonPath.read(response.body(), "$.expiresAt")).isNotBlank();
        return JsonPath.read(response.body(), "$.token");
    }

    @Test
    void everyDemoRole_signsIn_andTheAuditChainRecordsItAndVerifies() throws Exception {
        for (String user : DEMO_USERS) {
            String token = token(user);
            HttpResponse<String> me = get("/api/v1/auth/me", token);
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat((String) JsonPath.read(me.body(), "$.username")).isEqualTo(user);
        }
        String auditor = token("auditor");
        HttpResponse<String> verify = get("/api/v1/audit/verify", auditor);
        assertThat(verify.statusCode()).isEqualTo(200);
        assertThat((Boolean) JsonPath.read(verify.body(), "$.valid")).isTrue();
        assertThat(((Number) JsonPath.read(verify.body(), "$.entries")).longValue()).isGreaterThan(DEMO_USERS.size());
        assertThat((Object) JsonPath.read(verify.body(), "$.firstBroken")).isNull();
        for (String user : DEMO_USERS) {
            HttpResponse<String> entries = get("/api/v1/audit/entries?actor=" + user + "&action=identity.sign-in"
                    + "&outcome=SUCCESS", auditor);
            assertThat(entries.statusCode()).isEqualTo(200);
            List<String> actors = JsonPath.read(entries.body(), "$[*].actor");
            assertThat(actors).as("sign-ins of %s", user).isNotEmpty().containsOnly(user);
        }
    }

    @Test
    void formSignIn_withCsrfToken_reachesTheHomePage() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create(url("/login"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login.body());
        assertThat(csrf.find()).as("login form carries a CSRF token").isTrue();
        String form = "username=bureau&password=" + URLEncoder.encode("Quanyun@2026", StandardCharsets.UTF_8)
                + "&_csrf=" + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
        HttpResponse<String> posted = browser.send(HttpRequest.newBuilder(URI.create(url("/login")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(posted.headers().firstValue("Location").orElseThrow()).endsWith("/home");
        HttpResponse<String> home = browser.send(HttpRequest.newBuilder(URI.create(url("/home"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(home.statusCode()).isEqualTo(200);
        assertThat(home.body()).contains("欢迎，bureau").contains("济南市大数据局");
    }

    @Test
    void operationalEndpoints_answer() throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("UP");
        HttpResponse<String> metrics = http.send(
                HttpRequest.newBuilder(URI.create(url("/actuator/prometheus"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        HttpResponse<String> openApi = http.send(HttpRequest.newBuilder(URI.create(url("/v3/api-docs"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(openApi.statusCode()).isEqualTo(200);
        assertThat(openApi.body()).contains("/api/v1/auth/token").contains("/api/v1/audit/verify");
        HttpResponse<String> swagger = http.send(
                HttpRequest.newBuilder(URI.create(url("/swagger-ui/index.html"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(swagger.statusCode()).isEqualTo(200);
    }
}
