package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.access.AccessManagement;
import io.quanyun.access.GrantState;
import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.RecordConsent;
import io.quanyun.catalog.SubjectKind;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.product.IssuedSubscriptionKey;
import io.quanyun.product.SubscribeToProduct;
import io.quanyun.product.SubscriptionManagement;
import io.quanyun.product.SubscriptionView;
import io.quanyun.product.PricingModel;
import io.quanyun.product.ProductForm;
import io.quanyun.product.ProductManagement;
import io.quanyun.product.ProductView;
import io.quanyun.product.RegisterProduct;
import io.quanyun.product.ReviewProduct;
import io.quanyun.product.RiskLevel;
import io.quanyun.product.VerificationComparison;
import io.quanyun.product.VerificationDefinition;
import io.quanyun.sandbox.SandboxManagement;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.Zones;
import io.quanyun.support.Api;

/**
 * The five older monitoring rules (Art. 15) triggered by real activity of the supervision tests' own operators, as
 * a client makes it: sandbox queries and refusals and export requests over the sandbox API, and a consumer's calls
 * of a listed verification product over {@code POST /api/v1/products/{id}/calls} answered NOT_FOUND; the
 * off-hours rule with the test clock moved to the evening. Each test first checks the rule is quiet below its
 * threshold (or in working hours). One operator per rule, so that no rule sees another test's activity.
 */
@SupervisionTest
class MonitoringRulesFromActivityTests {

    static final String QUICK = "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender";
    /** Raw rows of a person: never released, refused by the sandbox. */
    static final String RAW = "SELECT id_no, district FROM person";

    @Autowired MockMvc mvc;
    @Autowired SupervisionManagement supervision;
    @Autowired SandboxManagement sandbox;
    @Autowired AccessManagement access;
    @Autowired ProductManagement products;
    @Autowired SubscriptionManagement subscriptions;
    @Autowired ConsentRegistry consents;
    @Autowired IdentityManagement identity;
    @Autowired SupervisionTestConfiguration.SupervisedOperators operators;
    @Autowired io.quanyun.support.MutableClock clock;

    /** A query over {@code POST /api/v1/sandbox/queries}; returns the response. */
    MockHttpServletResponse query(String username, UUID workspace, String sql) throws Exception {
        return queryWith(Api.bearer(mvc, username), workspace, sql);
    }

    MockHttpServletResponse queryWith(String authorization, UUID workspace, String sql) throws Exception {
        return mvc.perform(post("/api/v1/sandbox/queries").header("Authorization", authorization)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"workspace\":\"" + workspace + "\",\"sql\":\"" + sql + "\"}")).andReturn().getResponse();
    }

    List<AlertView> evaluate() {
        return Actors.runAs(Actor.system(), supervision::evaluateMonitoring);
    }

    List<AlertView> alerts(MonitoringRuleCode rule, String subject) {
        return Actors.runAs(Actor.system(), supervision::alerts).stream()
                .filter(a -> a.rule() == rule && a.subject().equals(subject)).toList();
    }

    /** In working hours, with everything before evaluated. */
    void startOfWorkingDay() {
        clock.advanceToWeekday(LocalTime.of(10, 0));
        evaluate();
    }

    @Test
    void queryBurst_thirtyQueriesWithinAMinute_overTheApi() throws Exception {
        SupervisedOperator operator = operators.get("burst");
        UUID workspace = operator.workspace(sandbox, identity);
        startOfWorkingDay();
        // the same question again and again (answered from the record, spending nothing): 29 is ordinary
        for (int i = 0; i < 29; i++) {
            assertThat(query(operator.engineer, workspace, QUICK).getStatus()).isEqualTo(200);
        }
        evaluate();
        assertThat(alerts(MonitoringRuleCode.QUERY_BURST, operator.engineer)).isEmpty();

        assertThat(query(operator.engineer, workspace, QUICK).getStatus()).isEqualTo(200);
        evaluate();
        assertThat(alerts(MonitoringRuleCode.QUERY_BURST, operator.engineer)).singleElement().satisfies(alert -> {
            assertThat(alert.severity()).isEqualTo(Severity.WARNING);
            assertThat(alert.organizationId()).isEqualTo(operator.organizationId);
        });
    }

    @Test
    void queryProbing_twentyRefusedQueries_raiseACriticalAlert_thatSuspendsTheGrant() throws Exception {
        SupervisedOperator operator = operators.get("probe");
        UUID workspace = operator.workspace(sandbox, identity);
        startOfWorkingDay();
        for (int i = 0; i < 19; i++) {
            MockHttpServletResponse refused = query(operator.engineer, workspace, RAW + " WHERE district = '区" + i
                    + "'");
            assertThat(refused.getStatus()).as(refused.getContentAsString()).isBetween(400, 499);
        }
        // answered queries do not count as probing
        assertThat(query(operator.engineer, workspace, QUICK).getStatus()).isEqualTo(200);
        evaluate();
        assertThat(alerts(MonitoringRuleCode.QUERY_PROBING, operator.engineer)).isEmpty();

        assertThat(query(operator.engineer, workspace, RAW).getStatus()).isBetween(400, 499);
        evaluate();
        assertThat(alerts(MonitoringRuleCode.QUERY_PROBING, operator.engineer)).singleElement()
                .satisfies(alert -> assertThat(alert.severity()).isEqualTo(Severity.CRITICAL));
        // the rule suspends on a critical alert: the operator's grant stops at once (by event)
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> operator.grant(access).state()
                == GrantState.SUSPENDED);
    }

    @Test
    void offHours_aQueryInTheEvening_notInWorkingHours() throws Exception {
        SupervisedOperator operator = operators.get("night");
        UUID workspace = operator.workspace(sandbox, identity);
        startOfWorkingDay();
        assertThat(query(operator.engineer, workspace, QUICK).getStatus()).isEqualTo(200);
        evaluate();
        assertThat(alerts(MonitoringRuleCode.OFF_HOURS, operator.engineer)).isEmpty();

        clock.advanceToWeekday(LocalTime.of(22, 30));
        try {
            // signed in again in the evening (the morning's token has expired on the moved clock)
            String evening = "Bearer " + Api.issue(mvc, operator.engineer, Api.PASSWORD);
            assertThat(queryWith(evening, workspace, QUICK).getStatus()).isEqualTo(200);
            evaluate();
            assertThat(alerts(MonitoringRuleCode.OFF_HOURS, operator.engineer)).singleElement().satisfies(alert -> {
                assertThat(alert.severity()).isEqualTo(Severity.INFO);
                assertThat(alert.organizationId()).isEqualTo(operator.organizationId);
            });
        } finally {
            // back to working hours for the other tests
            startOfWorkingDay();
        }
    }

    @Test
    void exportPileUp_fiveExportRequestsOfOneOperatorWithinADay() throws Exception {
        SupervisedOperator operator = operators.get("pile");
        UUID workspace = operator.workspace(sandbox, identity);
        startOfWorkingDay();
        // the rule's defaults (5 in a day, V60): other test classes share the database and tune the rule
        Actors.runAs(SupervisedOperator.actor(identity, "bureau"), () -> supervision.tuneRule(
                MonitoringRuleCode.EXPORT_PILE_UP, new TuneRule(Severity.WARNING, 5, 1440, true, false)));
        MockHttpServletResponse answered = query(operator.engineer, workspace,
                "SELECT district, COUNT(*) AS n FROM person GROUP BY district");
        assertThat(answered.getStatus()).isEqualTo(200);
        String queryId = JsonPath.read(answered.getContentAsString(), "$.id");
        for (int i = 1; i <= 5; i++) {
            MockHttpServletResponse export = mvc.perform(post("/api/v1/sandbox/exports")
                    .header("Authorization", Api.bearer(mvc, i % 2 == 0 ? operator.admin : operator.engineer))
                    .contentType(MediaType.APPLICATION_JSON)
                    .content("{\"query\":\"" + queryId + "\",\"purpose\":\"区县人口统计报告第" + i + "稿\"}"))
                    .andReturn().getResponse();
            assertThat(export.getStatus()).as(export.getContentAsString()).isEqualTo(200);
            evaluate();
            assertThat(alerts(MonitoringRuleCode.EXPORT_PILE_UP, operator.name)).as("after %d request(s)", i)
                    .hasSize(i < 5 ? 0 : 1);
        }
        assertThat(alerts(MonitoringRuleCode.EXPORT_PILE_UP, operator.name)).singleElement()
                .satisfies(alert -> assertThat(alert.organizationId()).isEqualTo(operator.organizationId));
    }

    @Test
    void verificationEnumeration_twentyNotFoundAnswersToOneCaller_overTheCallsApi() throws Exception {
        SupervisedOperator operator = operators.get("enum");
        startOfWorkingDay();
        Actor admin = operator.adminActor(identity);
        Actor bureau = SupervisedOperator.actor(identity, "bureau");
        String purpose = "监督测试核验" + UUID.randomUUID().toString().substring(0, 6);
        ProductView product = Actors.runAs(admin, () -> products.register(new RegisterProduct(operator.grantId,
                ProductForm.DATA_VERIFICATION, "户籍区县核验", "核验本人户籍所在区县", PricingModel.FREE, null, purpose,
                new VerificationDefinition("person", "id_no", "district", VerificationComparison.EQUALS))));
        Actors.runAs(admin, () -> products.submit(product.id()));
        Actors.runAs(bureau, () -> products.review(product.id(), new ReviewProduct(true, RiskLevel.LOW, "清单符合",
                null)));
        // a consumer subscribes and takes a key, as a bank would
        Actor bank = SupervisedOperator.actor(identity, "bank");
        SubscriptionView subscription = Actors.runAs(bank, () -> subscriptions.subscribe(new SubscribeToProduct(
                product.id(), 1000L, 50)));
        IssuedSubscriptionKey issued = Actors.runAs(bank, () -> subscriptions.issueKey(subscription.id()));
        String key = issued.key();
        String caller = "api-key:" + issued.id();

        // identity numbers that are well formed, consented, and not in the person table (born in Beijing in 1931)
        LocalDate until = LocalDate.now(clock.withZone(Zones.SHANGHAI)).plusYears(1);
        List<String> strangers = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = idNumber("110101193101" + String.format("%02d", i + 1) + "9" + String.format("%02d", i));
            strangers.add(id);
            Actors.runAs(bureau, () -> consents.record(new RecordConsent(SubjectKind.PERSON, id, purpose,
                    operator.organizationId, null, until)));
        }
        for (int i = 0; i < 20; i++) {
            MockHttpServletResponse response = call(product.id(), key, strangers.get(i));
            assertThat(response.getStatus()).as(response.getContentAsString()).isEqualTo(200);
            assertThat((String) JsonPath.read(response.getContentAsString(), "$.answer")).isEqualTo("NOT_FOUND");
            if (i == 18) {
                // 19 unknown subjects: still quiet (the ledger audits each call before the response leaves)
                evaluate();
                assertThat(alerts(MonitoringRuleCode.VERIFICATION_ENUMERATION, caller)).isEmpty();
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            evaluate();
            assertThat(alerts(MonitoringRuleCode.VERIFICATION_ENUMERATION, caller)).singleElement()
                    .satisfies(alert -> assertThat(alert.severity()).isEqualTo(Severity.CRITICAL));
        });
    }

    MockHttpServletResponse call(UUID product, String key, String idNumber) throws Exception {
        String body = "{\"inputs\":{\"id_no\":\"" + idNumber + "\",\"district\":\"历下区\"}}";
        for (int attempt = 0; ; attempt++) {
            MockHttpServletResponse response = mvc.perform(post("/api/v1/products/" + product + "/calls")
                    .header("X-Api-Key", key).contentType(MediaType.APPLICATION_JSON).content(body)).andReturn()
                    .getResponse();
            if (response.getStatus() != 429 || attempt > 5) {
                return response;
            }
            Thread.sleep(1000); // the key's rate limit, in real time
        }
    }

    /** GB 11643: the seventeen digits and their check character. */
    static String idNumber(String seventeen) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        String checks = "10X98765432";
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (seventeen.charAt(i) - '0') * weights[i];
        }
        return seventeen + checks.charAt(sum % 11);
    }
}
