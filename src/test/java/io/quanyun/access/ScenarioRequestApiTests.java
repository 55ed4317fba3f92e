package io.quanyun.access;

import static io.quanyun.access.AccessFixture.requestJson;
import static io.quanyun.access.AccessFixture.unique;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.catalog.CatalogManagement;
import io.quanyun.catalog.Classification;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.PersonalInformation;

/** Filing, refusing, dual approval, rejection and amendment of scenario requests over the API (Art. 6, 12-14). */
@AccessTest
class ScenarioRequestApiTests {

    static final String PERSON_AND_INCOME = """
            [{"dataset":"person","fields":["gender","district","id_no"]},
             {"dataset":"income","fields":["id_no","year","amount"]}]""";

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired InMemoryAgreements agreements;
    @Autowired CatalogManagement catalog;
    @Autowired MutableClock clock;
    AccessFixture fixture;

    @BeforeEach
    void setUp() {
        fixture = new AccessFixture(mvc, jdbc, agreements, catalog, clock);
    }

    // ------------------------------------------------------------------ refusals when filing

    @Test
    void file_withCoreField_isRefused_andAudited() throws Exception {
        DatasetDescriptor core = fixture.publishDataset("济南市公安局", "t_core_" + suffix(), Classification.CORE,
                PersonalInformation.NONE);
        AgreementTerms agreement = fixture.agreement("operator", "person," + core.code());
        long before = fixture.refusals("access.request.file", "core_data_not_authorizable");
        fixture.file("operator", requestJson(agreement.agreementId(), unique("core"),
                "[{\"dataset\":\"" + core.code() + "\",\"fields\":[\"region\",\"secret\"]}]", null, 30))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("core_data_not_authorizable"))
                .andExpect(jsonPath("$.errors[*].field", hasItem("datasets[0].fields[1]")));
        assertThat(fixture.refusals("access.request.file", "core_data_not_authorizable")).isEqualTo(before + 1);
    }

    @Test
    void file_withUnknownField_isRefused() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "person");
        long before = fixture.refusals("access.request.file", "unknown_field");
        fixture.file("operator", requestJson(agreement.agreementId(), unique("unknown"),
                "[{\"dataset\":\"person\",\"fields\":[\"district\",\"salary\"]}]", null, 30))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("unknown_field"))
                .andExpect(jsonPath("$.errors[0].field").value("datasets[0].fields[1]"));
        assertThat(fixture.refusals("access.request.file", "unknown_field")).isEqualTo(before + 1);
    }

    @Test
    void file_withDatasetOutsideTheAgreement_isRefused() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "person");
        long before = fixture.refusals("access.request.file", "dataset_outside_agreement");
        fixture.file("operator", requestJson(agreement.agreementId(), unique("outside"),
                "[{\"dataset\":\"person\",\"fields\":[\"district\"]},{\"dataset\":\"vehicle\",\"fields\":[\"brand\"]}]",
                null, 30))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("dataset_outside_agreement"))
                .andExpect(jsonPath("$.errors[0].field").value("datasets[1].dataset"));
        assertThat(fixture.refusals("access.request.file", "dataset_outside_agreement")).isEqualTo(before + 1);
    }

    @Test
    void file_withSensitiveFieldsButNoConsentPurpose_isRefused() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "person,income");
        fixture.file("operator", requestJson(agreement.agreementId(), unique("consent"), PERSON_AND_INCOME, null, 30))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.code").value("consent_required"))
                .andExpect(jsonPath("$.errors[0].field").value("consentPurpose"));
    }

    @Test
    void file_byTheMaintainer_isRefused() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "person");
        long before = fixture.refusals("access.request.file", "maintainer_may_not_operate");
        fixture.file("maintainer", requestJson(agreement.agreementId(), unique("maintainer"),
                "[{\"dataset\":\"person\",\"fields\":[\"district\"]}]", null, 30))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("maintainer_may_not_operate"));
        assertThat(fixture.refusals("access.request.file", "maintainer_may_not_operate")).isEqualTo(before + 1);
    }

    @Test
    void file_byOthersThanTheOperatorAdmin_isRefused() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "person");
        String json = requestJson(agreement.agreementId(), unique("others"),
                "[{\"dataset\":\"person\",\"fields\":[\"district\"]}]", null, 30);
        for (String user : List.of("bureau", "provider", "expert1")) {
            fixture.file(user, json).andExpect(status().isForbidden()).andExpect(jsonPath("$.code").value("forbidden"));
        }
        // another operator cannot use this operator's agreement
        fixture.file("operator2", json).andExpect(status().isNotFound());
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/api/v1/access/requests")
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content(json))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void file_underAnExpiredOrTerminatedAgreement_isRefused() throws Exception {
        UUID operator = fixture.organizationOf("operator");
        AgreementTerms expired = agreements.add(operator, fixture.cityAuthority(), fixture.datasetIds("person"),
                Instant.now().minus(Duration.ofDays(1)), true);
        AgreementTerms terminated = agreements.add(operator, fixture.cityAuthority(), fixture.datasetIds("person"),
                Instant.now().plus(Duration.ofDays(100)), false);
        long before = fixture.refusals("access.request.file", "agreement_not_active");
        for (AgreementTerms agreement : List.of(expired, terminated)) {
            fixture.file("operator", requestJson(agreement.agreementId(), unique("expired"),
                    "[{\"dataset\":\"person\",\"fields\":[\"district\"]}]", null, 30))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.code").value("agreement_not_active"));
        }
        assertThat(fixture.refusals("access.request.file", "agreement_not_active")).isEqualTo(before + 2);
    }

    @Test
    void file_withMissingContent_reportsEveryProblemTogether() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "person");
        fixture.file("operator", """
                {"agreementId":"%s","name":" ","durationDays":0,"datasets":[{"dataset":"nope","fields":["x"]}]}
                """.formatted(agreement.agreementId()))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.code").value("validation_failed"))
                .andExpect(jsonPath("$.errors[*].field", hasItems("name", "description", "purpose",
                        "intendedProducts", "durationDays", "datasets[0].dataset")));
    }

    @Test
    void oneRequestPerScenario_aSecondRequestWithTheSameNameIsRefused() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "person");
        String name = unique("same");
        String json = requestJson(agreement.agreementId(), name, "[{\"dataset\":\"person\",\"fields\":[\"district\"]}]",
                null, 30);
        fixture.file("operator", json).andExpect(status().isCreated())
                .andExpect(jsonPath("$.state").value("DRAFT"));
        fixture.file("operator", json).andExpect(status().isConflict()).andExpect(jsonPath("$.code").value("duplicate"));
    }

    // ------------------------------------------------------------------ dual approval

    @Test
    void dualApproval_theAuthorityAloneCreatesNoGrant_theProvidersApprovalsDo() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "person,income");
        String id = fixture.filed("operator", requestJson(agreement.agreementId(), unique("dual"), PERSON_AND_INCOME,
                "统计分析", 90));
        // approvers do not see drafts, and nobody approves a draft
        fixture.act("bureau", id, "approve").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("illegal_state_transition"));
        fixture.read("provider", "/api/v1/access/requests/" + id).andExpect(status().isNotFound());
        fixture.act("operator", id, "submit").andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("SUBMITTED")).andExpect(jsonPath("$.round").value(1))
                .andExpect(jsonPath("$.pending.length()").value(3));
        // the queue of each approver shows it
        fixture.read("provider-tax", "/api/v1/access/requests/queue")
                .andExpect(jsonPath("$[*].id", hasItem(id)));
        fixture.read("provider-health", "/api/v1/access/requests/queue")
                .andExpect(jsonPath("$[*].id", not(hasItem(id))));
        // the operator cannot approve its own request
        fixture.act("operator", id, "approve").andExpect(status().isForbidden());
        // the authority approves and sets k and the budget: still no grant
        fixture.act("bureau", id, "approve", "{\"minimumGroupSize\":20,\"totalEpsilon\":5.0,\"epsilonPerQuery\":0.5}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("SUBMITTED"))
                .andExpect(jsonPath("$.grantId").doesNotExist());
        // nobody approves twice
        fixture.act("bureau", id, "approve").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("already_decided"));
        fixture.read("bureau", "/api/v1/access/requests/queue").andExpect(jsonPath("$[*].id", not(hasItem(id))));
        // a provider whose data is not requested cannot approve
        long refusedBefore = fixture.audited("access.request.approve", id, "REFUSED");
        fixture.act("provider-health", id, "approve").andExpect(status().isForbidden());
        assertThat(fixture.audited("access.request.approve", id, "REFUSED")).isEqualTo(refusedBefore + 1);
        // a provider may not set privacy terms
        fixture.act("provider", id, "approve", "{\"minimumGroupSize\":5}").andExpect(status().isBadRequest());
        fixture.act("provider", id, "approve").andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("SUBMITTED"));
        String approved = fixture.act("provider-tax", id, "approve").andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("APPROVED"))
                .andExpect(jsonPath("$.pending.length()").value(0))
                .andReturn().getResponse().getContentAsString();
        String grantId = JsonPath.read(approved, "$.grantId");
        fixture.read("operator", "/api/v1/access/grants/" + grantId).andExpect(status().isOk())
                .andExpect(jsonPath("$.grant.state").value("ACTIVE"))
                .andExpect(jsonPath("$.grant.privacy.mode").value("DIFFERENTIAL_PRIVACY"))
                .andExpect(jsonPath("$.grant.privacy.minimumGroupSize").value(20))
                .andExpect(jsonPath("$.grant.privacy.totalEpsilon").value(5.0))
                .andExpect(jsonPath("$.grant.privacy.epsilonPerQuery").value(0.5))
                .andExpect(jsonPath("$.grant.consentPurpose").value("统计分析"))
                .andExpect(jsonPath("$.grant.datasets[*].code", hasItems("person", "income")))
                .andExpect(jsonPath("$.grant.datasets[0].fields", hasItems("gender", "district", "id_no")))
                .andExpect(jsonPath("$.authorizerName").value("济南市大数据局"))
                .andExpect(jsonPath("$.responsiblePerson").value("张伟"));
        // everyone concerned sees the grant, an unconcerned provider and another operator do not
        fixture.read("provider-tax", "/api/v1/access/grants/" + grantId).andExpect(status().isOk());
        fixture.read("provider-health", "/api/v1/access/grants/" + grantId).andExpect(status().isNotFound());
        fixture.read("operator2", "/api/v1/access/grants/" + grantId).andExpect(status().isNotFound());
        // every step is on the record
        assertThat(fixture.audited("access.request.file", id, "SUCCESS")).isEqualTo(1);
        assertThat(fixture.audited("access.request.submit", id, "SUCCESS")).isEqualTo(1);
        assertThat(fixture.audited("access.request.approve", id, "SUCCESS")).isEqualTo(3);
        assertThat(fixture.audited("access.request.approved", id, "SUCCESS")).isEqualTo(1);
        assertThat(fixture.audited("access.grant.create", grantId, "SUCCESS")).isEqualTo(1);
        assertThat(fixture.audited("access.request.approve", id, "REFUSED")).isGreaterThanOrEqualTo(4);
        // an approved request is final
        fixture.act("operator", id, "withdraw").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("illegal_state_transition"));
    }

    @Test
    void thresholdMode_whenNoGrantedFieldIsPersonal_andDefaultsApply() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "enterprise");
        String grantId = fixture.granted("operator", agreement,
                "[{\"dataset\":\"enterprise\",\"fields\":[\"district\",\"reg_capital\"]}]", 30,
                List.of("bureau", "provider-market"));
        fixture.read("bureau", "/api/v1/access/grants/" + grantId)
                .andExpect(jsonPath("$.grant.privacy.mode").value("THRESHOLD"))
                .andExpect(jsonPath("$.grant.privacy.minimumGroupSize").value(10))
                .andExpect(jsonPath("$.grant.privacy.totalEpsilon").value(10.0))
                .andExpect(jsonPath("$.grant.privacy.epsilonPerQuery").value(1.0))
                .andExpect(jsonPath("$.grant.consentPurpose").doesNotExist());
    }

    @Test
    void differentialPrivacy_whenOnlyThePrivacyUnitIsPersonal() throws Exception {
        // vehicle: brand and registration date are not personal, but each row is a person's (owner_id_no), so
        // exact threshold answers would let differencing single a person out
        AgreementTerms agreement = fixture.agreement("operator", "vehicle");
        String grantId = fixture.granted("operator", agreement,
                "[{\"dataset\":\"vehicle\",\"fields\":[\"brand\",\"reg_date\"]}]", 30,
                List.of("bureau", "provider-traffic"));
        fixture.read("bureau", "/api/v1/access/grants/" + grantId)
                .andExpect(jsonPath("$.grant.privacy.mode").value("DIFFERENTIAL_PRIVACY"))
                .andExpect(jsonPath("$.grant.consentPurpose").doesNotExist());
    }

    @Test
    void approval_withKBelowFive_isRefused() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "enterprise");
        String id = fixture.filed("operator", requestJson(agreement.agreementId(), unique("k"),
                "[{\"dataset\":\"enterprise\",\"fields\":[\"district\"]}]", null, 30));
        fixture.act("operator", id, "submit");
        fixture.act("bureau", id, "approve", "{\"minimumGroupSize\":4}").andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("minimumGroupSize"));
        fixture.act("bureau", id, "approve", "{\"totalEpsilon\":1.0,\"epsilonPerQuery\":2.0}")
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("epsilonPerQuery"));
        assertThat(fixture.audited("access.request.approve", id, "REFUSED")).isEqualTo(2);
    }

    @Test
    void districtAuthority_decidesOnlyOnAgreementsItAuthorized() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "enterprise");
        String id = fixture.filed("operator", requestJson(agreement.agreementId(), unique("district"),
                "[{\"dataset\":\"enterprise\",\"fields\":[\"district\"]}]", null, 30));
        fixture.act("operator", id, "submit");
        fixture.act("district", id, "approve").andExpect(status().isForbidden());
    }

    @Test
    void grantExpiry_isNeverAfterTheAgreementsEnd() throws Exception {
        AgreementTerms shortAgreement = fixture.agreement("operator", "enterprise", Duration.ofDays(20));
        String grantId = fixture.granted("operator", shortAgreement,
                "[{\"dataset\":\"enterprise\",\"fields\":[\"district\"]}]", 365, List.of("bureau", "provider-market"));
        String body = fixture.read("operator", "/api/v1/access/grants/" + grantId).andReturn().getResponse()
                .getContentAsString();
        Instant capped = Instant.parse(JsonPath.read(body, "$.grant.expiresAt"));
        assertThat(capped).isBeforeOrEqualTo(shortAgreement.endsAt())
                .isAfter(shortAgreement.endsAt().minus(Duration.ofMillis(1)));
        // a short duration within the agreement is kept
        AgreementTerms longAgreement = fixture.agreement("operator", "enterprise", Duration.ofDays(1000));
        Instant before = Instant.now();
        String shortGrant = fixture.granted("operator", longAgreement,
                "[{\"dataset\":\"enterprise\",\"fields\":[\"district\"]}]", 30, List.of("bureau", "provider-market"));
        String shortBody = fixture.read("operator", "/api/v1/access/grants/" + shortGrant).andReturn().getResponse()
                .getContentAsString();
        Instant expires = Instant.parse(JsonPath.read(shortBody, "$.grant.expiresAt"));
        assertThat(expires).isBetween(before.plus(Duration.ofDays(30)), Instant.now().plus(Duration.ofDays(30)));
    }

    // ------------------------------------------------------------------ rejection, amendment, resubmission

    @Test
    void rejection_amendment_resubmission_approval() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "person,income");
        String id = fixture.filed("operator", requestJson(agreement.agreementId(), unique("amend"), PERSON_AND_INCOME,
                "统计分析", 90));
        fixture.act("operator", id, "submit");
        fixture.act("bureau", id, "approve").andExpect(jsonPath("$.state").value("SUBMITTED"));
        // a rejection needs a reason
        fixture.act("provider-tax", id, "reject", "{}").andExpect(status().isBadRequest());
        fixture.act("provider-tax", id, "reject", "{\"reason\":\"收入金额字段范围过大，请改为按年度汇总\"}")
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("REJECTED"))
                .andExpect(jsonPath("$.decisions[?(@.outcome == 'REJECTED')].reason",
                        hasItem("收入金额字段范围过大，请改为按年度汇总")));
        // nobody decides on a rejected request; it cannot be submitted as it is
        fixture.act("provider", id, "approve").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("illegal_state_transition"));
        fixture.act("operator", id, "submit").andExpect(status().isConflict());
        // the operator amends it: a draft again
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put("/api/v1/access/requests/" + id)
                .header("Authorization", io.quanyun.support.Api.bearer(mvc, "operator"))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).content("""
                        {"name":"区县收入结构统计-%s","description":"按区县与年度统计","purpose":"公共治理",
                         "intendedProducts":["区县收入报告"],"durationDays":60,"consentPurpose":"统计分析",
                         "datasets":[{"dataset":"person","fields":["district","id_no"]},
                                     {"dataset":"income","fields":["id_no","year"]}]}
                        """.formatted(id.substring(0, 8))))
                .andExpect(status().isOk()).andExpect(jsonPath("$.state").value("DRAFT"))
                .andExpect(jsonPath("$.durationDays").value(60));
        // resubmission starts a new round: the authority's earlier approval no longer counts
        fixture.act("operator", id, "submit").andExpect(jsonPath("$.round").value(2))
                .andExpect(jsonPath("$.pending.length()").value(3));
        fixture.act("provider", id, "approve").andExpect(jsonPath("$.state").value("SUBMITTED"));
        fixture.act("provider-tax", id, "approve").andExpect(jsonPath("$.state").value("SUBMITTED"));
        String approved = fixture.act("bureau", id, "approve").andExpect(jsonPath("$.state").value("APPROVED"))
                .andReturn().getResponse().getContentAsString();
        String grantId = JsonPath.read(approved, "$.grantId");
        fixture.read("operator", "/api/v1/access/grants/" + grantId)
                .andExpect(jsonPath("$.grant.datasets[1].fields", hasItems("id_no", "year")))
                .andExpect(jsonPath("$.grant.datasets[1].fields", not(hasItem("amount"))));
        assertThat(fixture.audited("access.request.reject", id, "SUCCESS")).isEqualTo(1);
        assertThat(fixture.audited("access.request.amend", id, "SUCCESS")).isEqualTo(1);
        assertThat(fixture.audited("access.request.submit", id, "SUCCESS")).isEqualTo(2);
        assertThat(fixture.audited("access.request.submit", id, "REFUSED")).isEqualTo(1);
    }

    @Test
    void withdrawal_beforeApproval_isFinal() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "enterprise");
        String id = fixture.filed("operator", requestJson(agreement.agreementId(), unique("withdraw"),
                "[{\"dataset\":\"enterprise\",\"fields\":[\"district\"]}]", null, 30));
        fixture.act("operator", id, "submit");
        fixture.act("operator2", id, "withdraw").andExpect(status().isForbidden());
        fixture.act("operator", id, "withdraw", "{\"reason\":\"场景取消\"}").andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("WITHDRAWN"));
        fixture.act("operator", id, "withdraw").andExpect(status().isConflict())
                .andExpect(jsonPath("$.code").value("illegal_state_transition"));
        fixture.act("bureau", id, "approve").andExpect(status().isConflict());
        fixture.act("operator", id, "submit").andExpect(status().isConflict());
        assertThat(fixture.audited("access.request.withdraw", id, "SUCCESS")).isEqualTo(1);
        assertThat(fixture.audited("access.request.withdraw", id, "REFUSED")).isEqualTo(2);
    }

    @Test
    void requests_areListedByRole() throws Exception {
        AgreementTerms agreement = fixture.agreement("operator", "enterprise");
        String id = fixture.filed("operator", requestJson(agreement.agreementId(), unique("list"),
                "[{\"dataset\":\"enterprise\",\"fields\":[\"district\"]}]", null, 30));
        fixture.read("operator", "/api/v1/access/requests").andExpect(jsonPath("$[*].id", hasItem(id)));
        fixture.read("operator2", "/api/v1/access/requests").andExpect(jsonPath("$[*].id", not(hasItem(id))));
        fixture.read("bureau", "/api/v1/access/requests").andExpect(jsonPath("$[*].id", hasItem(id)));
        fixture.read("provider-market", "/api/v1/access/requests").andExpect(jsonPath("$[*].id", not(hasItem(id))));
        fixture.act("operator", id, "submit");
        fixture.read("provider-market", "/api/v1/access/requests").andExpect(jsonPath("$[*].id", hasItem(id)));
        fixture.read("provider", "/api/v1/access/requests").andExpect(jsonPath("$[*].id", not(hasItem(id))));
        fixture.read("operator", "/api/v1/access/agreements")
                .andExpect(jsonPath("$[*].agreementId", hasItem(agreement.agreementId().toString())));
    }

    private static String suffix() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }
}
