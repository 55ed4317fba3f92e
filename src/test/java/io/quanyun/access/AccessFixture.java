package io.quanyun.access;

import static io.quanyun.support.Api.bearer;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.catalog.CatalogManagement;
import io.quanyun.catalog.Classification;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DisclosureRole;
import io.quanyun.catalog.Domain;
import io.quanyun.catalog.FieldSpecification;
import io.quanyun.catalog.PersonalInformation;
import io.quanyun.catalog.RegisterDataset;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;

/** Agreements, datasets and requests for the access tests, through the real API where it exists. */
final class AccessFixture {

    static final String ALL_DEMO = "person,income,clinic_visit,vehicle,enterprise";

    private final MockMvc mvc;
    private final JdbcClient jdbc;
    private final InMemoryAgreements agreements;
    private final CatalogManagement catalog;
    private final MutableClock clock;

    AccessFixture(MockMvc mvc, JdbcClient jdbc, InMemoryAgreements agreements, CatalogManagement catalog,
            MutableClock clock) {
        this.mvc = mvc;
        this.jdbc = jdbc;
        this.agreements = agreements;
        this.catalog = catalog;
        this.clock = clock;
    }

    UUID organizationOf(String username) {
        return jdbc.sql("select organization_id from app_user where username = ?").param(username)
                .query(UUID.class).single();
    }

    UUID organizationNamed(String name) {
        return jdbc.sql("select id from organization where name = ?").param(name).query(UUID.class).single();
    }

    UUID cityAuthority() {
        return organizationOf("bureau");
    }

    /** An active agreement of the user's organization over the datasets (codes, comma-separated). */
    AgreementTerms agreement(String operatorUser, String codes, Duration runs) {
        return agreements.add(organizationOf(operatorUser), cityAuthority(), datasetIds(codes),
                clock.instant().plus(runs), true);
    }

    /** An active agreement of the user's organization over the datasets, authorized by {@code authorizerId}. */
    AgreementTerms agreement(String operatorUser, String codes, UUID authorizerId) {
        return agreements.add(organizationOf(operatorUser), authorizerId, datasetIds(codes),
                clock.instant().plus(Duration.ofDays(730)), true);
    }

    AgreementTerms agreement(String operatorUser, String codes) {
        return agreement(operatorUser, codes, Duration.ofDays(730));
    }

    Set<UUID> datasetIds(String codes) {
        return Arrays.stream(codes.split(",")).map(c -> catalog.findByCode(c.trim()).orElseThrow().id())
                .collect(Collectors.toSet());
    }

    /** Registers and publishes a dataset of the given provider with an id field and the given extra field. */
    DatasetDescriptor publishDataset(String providerName, String code, Classification extraClassification,
            PersonalInformation extraPersonal) {
        UUID provider = organizationNamed(providerName);
        return Actors.runAs(Actor.system(), () -> {
            DatasetDescriptor dataset = catalog.registerDataset(provider, new RegisterDataset(code, "测试数据集 " + code,
                    "access tests", Set.of(Domain.PUBLIC_GOVERNANCE), "DAILY", List.of(
                    new FieldSpecification("uid", "标识", "STRING", true, Classification.IMPORTANT,
                            PersonalInformation.PERSONAL, DisclosureRole.DIRECT_IDENTIFIER, true),
                    new FieldSpecification("region", "区域", "STRING", true, Classification.GENERAL,
                            PersonalInformation.NONE, DisclosureRole.QUASI_IDENTIFIER, false),
                    new FieldSpecification("secret", "机密", "STRING", true, extraClassification, extraPersonal,
                            DisclosureRole.SENSITIVE_ATTRIBUTE, false))));
            catalog.submit(dataset.id());
            return catalog.publish(dataset.id());
        });
    }

    static String requestJson(UUID agreementId, String name, String datasetsJson, String consentPurpose,
            int durationDays) {
        return """
                {"agreementId":"%s","name":"%s","description":"按区县统计","purpose":"公共治理",
                 "intendedProducts":["区县统计报告"],"durationDays":%d,"datasets":%s,"consentPurpose":%s}
                """.formatted(agreementId, name, durationDays, datasetsJson,
                consentPurpose == null ? "null" : "\"" + consentPurpose + "\"");
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    ResultActions file(String user, String json) throws Exception {
        return mvc.perform(post("/api/v1/access/requests").header("Authorization", bearer(mvc, user))
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    /** Files a request and returns its id. */
    String filed(String user, String json) throws Exception {
        String body = file(user, json).andReturn().getResponse().getContentAsString();
        return JsonPath.read(body, "$.id");
    }

    ResultActions act(String user, String requestId, String action) throws Exception {
        return mvc.perform(post("/api/v1/access/requests/" + requestId + "/" + action)
                .header("Authorization", bearer(mvc, user)));
    }

    ResultActions act(String user, String requestId, String action, String json) throws Exception {
        return mvc.perform(post("/api/v1/access/requests/" + requestId + "/" + action)
                .header("Authorization", bearer(mvc, user)).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    ResultActions grantAct(String user, String grantId, String action, String json) throws Exception {
        return mvc.perform(post("/api/v1/access/grants/" + grantId + "/" + action)
                .header("Authorization", bearer(mvc, user)).contentType(MediaType.APPLICATION_JSON).content(json));
    }

    ResultActions read(String user, String path) throws Exception {
        return mvc.perform(get(path).header("Authorization", bearer(mvc, user)));
    }

    /** Files, submits and fully approves a request on the given datasets; returns the grant id. */
    String granted(String operatorUser, AgreementTerms agreement, String datasetsJson, int durationDays,
            List<String> approvers) throws Exception {
        String id = filed(operatorUser, requestJson(agreement.agreementId(), unique("grant"), datasetsJson, "统计分析",
                durationDays));
        act(operatorUser, id, "submit");
        String body = null;
        for (String approver : approvers) {
            body = act(approver, id, "approve").andReturn().getResponse().getContentAsString();
        }
        return JsonPath.read(body, "$.grantId");
    }

    long audited(String action, String objectId, String outcome) {
        return jdbc.sql("select count(*) from audit_entry where action = ? and object_id = ? and outcome = ?")
                .param(action).param(objectId).param(outcome).query(Long.class).single();
    }

    long refusals(String action, String reasonPrefix) {
        return jdbc.sql("select count(*) from audit_entry where action = ? and outcome = 'REFUSED' and reason like ?")
                .param(action).param(reasonPrefix + "%").query(Long.class).single();
    }

    Instant now() {
        return clock.instant();
    }
}
