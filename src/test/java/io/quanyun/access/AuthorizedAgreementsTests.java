package io.quanyun.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MockMvc;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.shared.OrganizationType;
import io.quanyun.support.Api;
import io.quanyun.support.PlatformTest;

/**
 * Access reads the authorization module's agreements: the demo call concluded with an active agreement for
 * {@code operator} on the five demo datasets, and one for {@code operator2}; each operator reads only its own.
 */
@PlatformTest
class AuthorizedAgreementsTests {

    @Autowired MockMvc mvc;
    @Autowired AgreementSource agreements;
    @Autowired IdentityManagement identity;
    @Autowired DatasetDirectory catalog;

    @Test
    void demoAgreement_isActive_forOperator_onTheFiveDemoDatasets() throws Exception {
        OrganizationView operator = identity.organizationsOfType(OrganizationType.OPERATOR).stream()
                .filter(o -> o.name().equals("泉城数据科技有限公司")).findFirst().orElseThrow();
        List<AgreementTerms> active = agreements.activeFor(operator.id());
        assertThat(active).hasSize(1);
        Set<String> codes = active.get(0).datasetIds().stream()
                .map(id -> catalog.find(id).map(DatasetDescriptor::code).orElse("?"))
                .collect(java.util.stream.Collectors.toSet());
        assertThat(codes).containsExactlyInAnyOrder("person", "income", "clinic_visit", "vehicle", "enterprise");
        assertThat(agreements.find(active.get(0).agreementId())).isPresent();

        String body = mvc.perform(get("/api/v1/access/agreements").header("Authorization", Api.bearer(mvc, "operator")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(body, "$[*].agreementId")).containsExactly(
                active.get(0).agreementId().toString());
        OrganizationView operator2 = identity.organizationsOfType(OrganizationType.OPERATOR).stream()
                .filter(o -> o.name().equals("齐鲁征信服务有限公司")).findFirst().orElseThrow();
        List<String> own = agreements.activeFor(operator2.id()).stream()
                .filter(a -> a.datasetIds().equals(active.get(0).datasetIds())).map(a -> a.agreementId().toString())
                .toList();
        assertThat(own).hasSize(1);
        String others = mvc.perform(get("/api/v1/access/agreements").header("Authorization", Api.bearer(mvc, "operator2")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(JsonPath.<List<String>>read(others, "$[*].agreementId")).contains(own.get(0))
                .doesNotContain(active.get(0).agreementId().toString());
    }
}
