package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import io.quanyun.access.AccessManagement;
import io.quanyun.access.GrantState;
import io.quanyun.authorization.AgreementManagement;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.product.IssueApiKey;
import io.quanyun.product.PricingModel;
import io.quanyun.product.ProductForm;
import io.quanyun.product.ProductManagement;
import io.quanyun.product.ProductState;
import io.quanyun.product.ProductView;
import io.quanyun.product.RegisterProduct;
import io.quanyun.product.ReviewProduct;
import io.quanyun.product.RiskLevel;
import io.quanyun.product.VerificationCall;
import io.quanyun.product.VerificationComparison;
import io.quanyun.product.VerificationDefinition;
import io.quanyun.sandbox.QueryAnswer;
import io.quanyun.sandbox.SandboxManagement;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.QuanyunException;
import io.quanyun.support.Api;
import io.quanyun.support.RunningQuery;
import io.quanyun.supervision.SupervisedOperator.ListedProduct;

/**
 * Art. 17 and 18 end to end, on the supervision tests' own operators with real grants, workspaces and products:
 * an evaluation fails, the authorizer issues the order, access stops at once (a running query is cancelled, a
 * product call is refused), the evidence is accepted and access comes back; and the other branch, where the
 * deadline passes on a moved clock, the order fails and the authorizer terminates the agreement, which ends the
 * grants and delists the products while every record stays.
 */
@SupervisionTest
// A database and data directory of its own: on the suite's shared PostgreSQL database, after the other modules'
// tests, the journey's running query answered within seconds instead of running until the order cancelled it (seen
// twice in CI, not reproduced on this class alone on H2 or PostgreSQL; the cause, some earlier test's state of the
// demo tables or consents, is not found yet: see the session note). On a fresh database the journey is deterministic.
@org.springframework.test.context.TestPropertySource(properties = {
        "spring.datasource.url=jdbc:h2:mem:quanyun-rectification-journey;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                + "DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "quanyun.data-dir=target/test-data-rectification-journey" })
class RectificationJourneyTests {

    /**
     * A query that cannot finish within the test, whatever version of the demo tables is current (other test classes
     * publish their own versions into the shared database): every earner has three income rows in every version, so a
     * 14-way self-join on the privacy unit makes 3^14 rows per person before the per-person bound.
     */
    static final String SLOW_QUERY = "SELECT c1.year, COUNT(*) AS n FROM income c1 "
            + java.util.stream.IntStream.rangeClosed(2, 14).mapToObj(i -> "JOIN income c" + i + " ON c" + (i - 1)
                    + ".id_no = c" + i + ".id_no ").collect(java.util.stream.Collectors.joining())
            + "GROUP BY c1.year";
    static final String QUICK_QUERY = "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender";
    static final String SUBJECT = "370102199001011234";

    @Autowired MockMvc mvc;
    @Autowired SupervisionManagement supervision;
    @Autowired SandboxManagement sandbox;
    @Autowired ProductManagement products;
    @Autowired AccessManagement access;
    @Autowired AgreementManagement agreements;
    @Autowired IdentityManagement identity;
    @Autowired JdbcClient jdbc;
    @Autowired SupervisionTestConfiguration.SupervisedOperators operators;
    @Autowired SupervisionTestConfiguration.RecordedEvents events;
    @Autowired io.quanyun.support.MutableClock clock;

    MockHttpServletRequestBuilder json(String user, MockHttpServletRequestBuilder request, String body) {
        return request.header("Authorization", "Bearer " + Api.issue(mvc, user, Api.PASSWORD))
                .contentType(MediaType.APPLICATION_JSON).content(body);
    }

    MockHttpServletRequestBuilder as(String user, MockHttpServletRequestBuilder request) {
        return request.header("Authorization", "Bearer " + Api.issue(mvc, user, Api.PASSWORD));
    }

    Actor bureau() {
        return SupervisedOperator.actor(identity, "bureau");
    }

    UUID workspaceOf(SupervisedOperator operator) {
        return operator.workspace(sandbox, identity);
    }

    ListedProduct listedProduct(SupervisedOperator operator) {
        return operator.listedProduct(products, identity);
    }

    String callCode(ListedProduct product) {
        try {
            products.verify(product.id(), product.key(), new VerificationCall(SUBJECT, "历下区", null));
            return "answered";
        } catch (QuanyunException e) {
            return e.code().code();
        }
    }

    String queryCode(Actor analyst, UUID workspace, String sql) {
        try {
            Actors.runAs(analyst, () -> sandbox.query(workspace, sql));
            return "answered";
        } catch (QuanyunException e) {
            return e.code().code();
        }
    }

    /** An evaluation in which the operator scores 40 on every criterion; returns the proposed order's id. */
    UUID failedEvaluation(SupervisedOperator operator) {
        Map<Criterion, Integer> weights = new EnumMap<>(Criterion.class);
        weights.put(Criterion.COMPLIANCE, 30);
        weights.put(Criterion.SECURITY, 30);
        weights.put(Criterion.SERVICE_QUALITY, 15);
        weights.put(Criterion.PRODUCTS_DELIVERED, 15);
        weights.put(Criterion.PUBLIC_VALUE, 10);
        EvaluationView campaign = Actors.runAs(bureau(), () -> supervision.openEvaluation(
                new OpenEvaluation("监督测试年度评估" + operator.name, "2026", 60, weights)));
        Actor expert = SupervisedOperator.actor(identity, "expert1");
        for (Criterion criterion : Criterion.values()) {
            Actors.runAs(expert, () -> supervision.scoreOperator(campaign.id(),
                    new ScoreOperator(operator.organizationId, criterion, 40, "平台记录：违规导出两次")));
        }
        Actors.runAs(bureau(), () -> supervision.closeEvaluation(campaign.id()));
        return events.of(EvaluationFailed.class).stream()
                .filter(e -> e.campaignId().equals(campaign.id()) && e.operatorId().equals(operator.organizationId))
                .findFirst().orElseThrow().proposedOrderId();
    }

    /** What a query ended with: "answered" or its error code. */
    static String codeOf(Throwable failure) {
        return failure instanceof QuanyunException e ? e.code().code() : failure.toString();
    }

    /**
     * The operator works under two authorizers: the city authority (its first agreement) and the 历下区 district
     * authority. The city authority's evaluation fails it and the city issues the order while a query is running in
     * the city grant's workspace: the query is cancelled with {@code grant_suspended}, the city grant's product is
     * refused, new queries are refused; the district's grant, workspace and product keep working. The accepted
     * evidence restores the city grant and its product.
     */
    @Test
    void evaluationFails_orderCancelsARunningQueryAndStopsAccessUnderItsAuthorizerOnly_acceptedEvidenceRestoresIt()
            throws Exception {
        SupervisedOperator operator = operators.get("acc");
        SupervisedOperator.Authorized district = operator.authorizedBy(operators.platform(), "district");
        UUID workspace = workspaceOf(operator);
        UUID districtWorkspace = operator.workspace(sandbox, identity, district.grantId());
        Actor analyst = operator.engineerActor(identity);
        ListedProduct product = listedProduct(operator);
        ListedProduct districtProduct = operator.listedProduct(products, identity, district.grantId(), "district");
        assertThat(queryCode(analyst, workspace, QUICK_QUERY)).isEqualTo("answered");
        assertThat(queryCode(analyst, districtWorkspace, QUICK_QUERY)).isEqualTo("answered");
        assertThat(callCode(product)).as("a call reaches the product before the order").isNotEqualTo("product_not_listed");
        assertThat(callCode(districtProduct)).isNotEqualTo("product_not_listed");

        UUID order = failedEvaluation(operator);
        // a query that cannot finish on its own is running in the city grant's workspace when the order is issued
        RunningQuery<QueryAnswer> running = RunningQuery.start(jdbc, workspace,
                () -> Actors.runAs(analyst, () -> sandbox.query(workspace, SLOW_QUERY)));
        running.awaitRunning(Duration.ofSeconds(30));
        mvc.perform(json("bureau", post("/api/v1/supervision/rectifications/" + order + "/issue"),
                "{\"content\":\"完善数据导出审批制度并提交整改报告\",\"deadline\":\""
                        + clock.instant().plus(Duration.ofDays(30)) + "\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("ISSUED"));

        assertThat(running.outcome(Duration.ofSeconds(60), answer -> "answered", RectificationJourneyTests::codeOf))
                .as("the running query is cancelled by the order").isEqualTo("grant_suspended");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(operator.grant(access).state()).isEqualTo(GrantState.SUSPENDED);
            assertThat(callCode(product)).isEqualTo("product_not_listed");
        });
        assertThat(queryCode(analyst, workspace, QUICK_QUERY)).isEqualTo("grant_suspended");
        // under the district's agreement everything keeps working
        assertThat(Actors.runAs(Actor.system(), () -> access.find(district.grantId())).orElseThrow().state())
                .isEqualTo(GrantState.ACTIVE);
        assertThat(queryCode(analyst, districtWorkspace, QUICK_QUERY)).isEqualTo("answered");
        assertThat(callCode(districtProduct)).isNotEqualTo("product_not_listed");
        assertThat(Actors.runAs(Actor.system(), () -> products.product(districtProduct.id())).state())
                .isEqualTo(ProductState.LISTED);

        mvc.perform(json(operator.admin, post("/api/v1/supervision/rectifications/" + order + "/submit"),
                "{\"note\":\"已建立导出双人审批制度，附制度文件与培训记录\"}"))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("SUBMITTED"));
        mvc.perform(json("bureau", post("/api/v1/supervision/rectifications/" + order + "/accept"),
                "{\"note\":\"整改到位，恢复访问\"}")).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("ACCEPTED"));

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(operator.grant(access).state()).isEqualTo(GrantState.ACTIVE);
            assertThat(Actors.runAs(Actor.system(), () -> products.product(product.id())).state())
                    .isEqualTo(ProductState.LISTED);
            assertThat(queryCode(analyst, workspace, QUICK_QUERY)).isEqualTo("answered");
        });
        assertThat(callCode(product)).isNotEqualTo("product_not_listed");
        assertThat(queryCode(analyst, districtWorkspace, QUICK_QUERY)).isEqualTo("answered");
        // the outcome is reported to the authority: the order's history, readable by the city authority and auditors
        mvc.perform(as("auditor", get("/api/v1/supervision/rectifications/" + order))).andExpect(status().isOk())
                .andExpect(jsonPath("$.steps[*].state").value(org.hamcrest.Matchers.contains("PROPOSED", "ISSUED",
                        "SUBMITTED", "ACCEPTED")));
        assertThat(events.of(RectificationAccepted.class)).anyMatch(e -> e.orderId().equals(order));
    }

    @Test
    void deadlinePassesWithoutAcceptance_orderFails_andTerminationEndsGrantsAndDelistsProducts() throws Exception {
        SupervisedOperator operator = operators.get("term");
        UUID workspace = workspaceOf(operator);
        ListedProduct product = listedProduct(operator);
        UUID order = failedEvaluation(operator);
        mvc.perform(json("bureau", post("/api/v1/supervision/rectifications/" + order + "/issue"),
                "{\"content\":\"提交安全整改方案\",\"deadline\":\"" + clock.instant().plus(Duration.ofDays(7)) + "\"}"))
                .andExpect(status().isOk());
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(operator.grant(access).state()).isEqualTo(GrantState.SUSPENDED));
        mvc.perform(json(operator.admin, post("/api/v1/supervision/rectifications/" + order + "/submit"),
                "{\"note\":\"整改方案\"}")).andExpect(status().isOk());
        mvc.perform(json("bureau", post("/api/v1/supervision/rectifications/" + order + "/reject"),
                "{\"note\":\"方案不完整\"}")).andExpect(jsonPath("$.state").value("ISSUED"));

        assertThat(Actors.runAs(Actor.system(), supervision::failOverdueRectifications)).doesNotContain(order);
        clock.advance(Duration.ofDays(7).plusMinutes(1));
        mvc.perform(json(operator.admin, post("/api/v1/supervision/rectifications/" + order + "/submit"),
                "{\"note\":\"迟交\"}")).andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("rectification_overdue"));
        assertThat(Actors.runAs(Actor.system(), supervision::failOverdueRectifications)).contains(order);
        assertThat(events.of(RectificationFailed.class)).filteredOn(e -> e.orderId().equals(order)).singleElement()
                .satisfies(e -> assertThat(e.operatorId()).isEqualTo(operator.organizationId));

        // the authorizer terminates the agreement: grants end, products are delisted, records stay
        mvc.perform(json("bureau", post("/api/v1/agreements/" + operator.agreementId + "/termination"),
                "{\"reason\":\"整改逾期未通过（第十八条）\"}")).andExpect(status().isOk());
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(operator.grant(access).state()).isEqualTo(GrantState.ENDED);
            assertThat(Actors.runAs(Actor.system(), () -> products.product(product.id())).state())
                    .isEqualTo(ProductState.DELISTED);
        });
        assertThat(callCode(product)).isEqualTo("api_key_invalid");
        assertThat(queryCode(operator.engineerActor(identity), workspace, QUICK_QUERY)).isEqualTo("grant_ended");
        mvc.perform(as("bureau", get("/api/v1/supervision/rectifications/" + order)))
                .andExpect(jsonPath("$.state").value("FAILED"));
        assertThat(jdbc.sql("select count(*) from sandbox_workspace where id = :w").param("w", workspace)
                .query(Long.class).single()).as("the workspace's records are retained").isOne();
        mvc.perform(as("bureau", get("/api/v1/agreements/" + operator.agreementId))).andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("TERMINATED"));
        assertThatThrownBy(() -> Actors.runAs(operator.engineerActor(identity), () -> sandbox.query(workspace,
                QUICK_QUERY))).isInstanceOf(QuanyunException.class);
    }
}
