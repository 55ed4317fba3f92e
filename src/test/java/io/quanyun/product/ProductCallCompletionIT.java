package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.identity.IdentityManagement;

/**
 * Product calls over real HTTP in the servlet container, where the request thread does not wait for the group
 * commit: the call ledger's commit completes the response (ADR "Product call responses completed by the ledger").
 * Every answer that arrives has its meter row and audit place committed; a refusal arrives as problem+json with
 * its headers; when the meter row cannot be committed the caller gets an internal error, never the answer.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureMockMvc
@Import(ConsumerTestGrants.class)
class ProductCallCompletionIT {

    @LocalServerPort int port;
    @Autowired MockMvc mvc;
    @Autowired ConsumerTestGrants.FixedConsumerGrant grants;
    @Autowired DatasetDirectory datasets;
    @Autowired Vault vault;
    @Autowired ConsentRegistry consents;
    @Autowired JdbcClient jdbc;
    @Autowired IdentityManagement identity;
    @Autowired ApplicationContext context;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    CallFixtures fixtures;

    @BeforeEach
    void fixtures() {
        fixtures = new CallFixtures(mvc, grants, datasets, vault, consents, jdbc, identity);
    }

    @Test
    void concurrentCalls_eachAnswerArrivesWithItsMeterRowAndAuditPlaceCommitted() throws Exception {
        assertThat(ReflectionTestUtils.getField(context.getBean("productCallHandler"), "asyncCompletion"))
                .as("calls complete asynchronously in a servlet container").isEqualTo(true);
        String purpose = "async-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = fixtures.listed(purpose);
        String key = fixtures.issueKey(fixtures.subscribe(product, 100_000, 10_000));
        List<String[]> people = fixtures.people(6);
        for (String[] person : people) {
            fixtures.consent(person[0], purpose);
        }
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        ExecutorService callers = Executors.newFixedThreadPool(24);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int caller = 0; caller < 24; caller++) {
                int c = caller;
                done.add(callers.submit(() -> {
                    for (int n = 0; n < 8; n++) {
                        String[] person = people.get((c + n) % people.size());
                        boolean match = (c + n) % 2 == 0;
                        HttpResponse<String> response = send(product, key,
                                CallFixtures.body(person[0], match ? person[1] : person[1] + "某"));
                        String expected = match ? "MATCH" : "NO_MATCH";
                        if (response.statusCode() != 200 || !response.body().endsWith("\"answer\":\"" + expected + "\"}")
                                || !"nosniff".equals(response.headers().firstValue("X-Content-Type-Options").orElse(""))
                                || !response.headers().firstValue("Content-Security-Policy").orElse("")
                                        .contains("default-src 'none'")) {
                            problems.add(response.statusCode() + " " + response.headers().map() + " " + response.body());
                            continue;
                        }
                        String callId = JsonPath.read(response.body(), "$.callId");
                        // committed before the answer left: read at once, no waiting
                        if (!"ANSWERED".equals(fixtures.outcomeOf(callId))
                                || !fixtures.auditedOutcomes(callId).equals(List.of("SUCCESS"))) {
                            problems.add("call " + callId + " arrived before its meter row or audit entry");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            callers.shutdownNow();
        }
        assertThat(problems).isEmpty();
        assertThat(jdbc.sql("select count(*) from product_call where product_id = :p and outcome = 'ANSWERED'")
                .param("p", product).query(Long.class).single()).isEqualTo(24L * 8);
    }

    @Test
    void refusedCalls_arriveAsProblemJson_withTheirHeaders_meteredAndAudited() throws Exception {
        String purpose = "async-refused-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = fixtures.listed(purpose);
        String key = fixtures.issueKey(fixtures.subscribe(product, 100, 1));
        String[] person = fixtures.person();

        HttpResponse<String> noConsent = send(product, key, CallFixtures.body(person[0], person[1]));
        assertThat(noConsent.statusCode()).isEqualTo(422);
        assertThat(noConsent.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(noConsent.body()).contains("\"code\":\"subject_consent_missing\"").doesNotContain("\"answer\"");
        String refusedId = JsonPath.read(noConsent.body(), "$.callId");
        assertThat(fixtures.outcomeOf(refusedId)).isEqualTo("CONSENT_MISSING");
        assertThat(fixtures.auditedOutcomes(refusedId)).containsExactly("REFUSED");

        HttpResponse<String> limited = send(product, key, CallFixtures.body(person[0], person[1]));
        assertThat(limited.statusCode()).as(limited.body()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).isPresent();
        assertThat(fixtures.outcomeOf(JsonPath.read(limited.body(), "$.callId"))).isEqualTo("RATE_LIMITED");

        HttpResponse<String> noKey = http.send(HttpRequest.newBuilder(URI.create(base(product)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CallFixtures.body(person[0], person[1]))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(noKey.statusCode()).isEqualTo(401);
        assertThat(noKey.body()).contains("\"code\":\"api_key_invalid\"");
    }

    @Test
    void aCallWhoseMeterRowCannotBeCommitted_getsAnInternalError_neverTheAnswer() throws Exception {
        String purpose = "async-failed-" + UUID.randomUUID().toString().substring(0, 8);
        UUID product = fixtures.listed(purpose);
        String key = fixtures.issueKey(fixtures.subscribe(product));
        String[] person = fixtures.person();
        fixtures.consent(person[0], purpose);
        assertThat(send(product, key, CallFixtures.body(person[0], person[1])).statusCode()).isEqualTo(200);

        jdbc.sql("alter table product_call rename to product_call_away").update();
        HttpResponse<String> failed;
        try {
            failed = send(product, key, CallFixtures.body(person[0], person[1]));
        } finally {
            jdbc.sql("alter table product_call_away rename to product_call").update();
        }
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(failed.body()).contains("\"code\":\"internal_error\"").doesNotContain("MATCH");

        assertThat(send(product, key, CallFixtures.body(person[0], person[1])).statusCode())
                .as("the ledger goes on after a failed commit").isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from product_call where product_id = :p").param("p", product)
                .query(Long.class).single()).as("the failed call left no meter row").isEqualTo(2L);
    }

    private HttpResponse<String> send(UUID product, String key, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base(product))).header("X-Api-Key", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private String base(UUID product) {
        return "http://localhost:" + port + "/api/v1/products/" + product + "/calls";
    }
}
