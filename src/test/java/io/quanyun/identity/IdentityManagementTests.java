package io.quanyun.identity;

import static io.quanyun.support.Api.bearer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;
import io.quanyun.support.PlatformTest;

/**
 * Each role against each protected resource of the identity and audit modules, over the API and directly on
 * the service (the service checks permissions itself, not only the controller).
 */
@PlatformTest
class IdentityManagementTests {

    private static final AtomicInteger SERIAL = new AtomicInteger((int) (System.nanoTime() % 100_000));

    @Autowired MockMvc mvc;
    @Autowired IdentityManagement identity;
    @Autowired Organizations organizations;
    @Autowired JdbcClient jdbc;

    UUID organizationOf(String name) {
        return organizations.findByName(name).orElseThrow().id();
    }

    @ParameterizedTest(name = "{0} sees all organizations: {1}")
    @CsvSource({"bureau,true", "auditor,true", "district,true", "operator,false", "operator2,false",
            "provider,false", "expert1,false", "maintainer,false"})
    void organizations_areScopedByRole(String username, boolean seesAll) throws Exception {
        var result = mvc.perform(get("/api/v1/organizations").header("Authorization", bearer(mvc, username)))
                .andExpect(status().isOk()).andReturn();
        int count = com.jayway.jsonpath.JsonPath.<java.util.List<?>>read(result.getResponse().getContentAsString(), "$")
                .size();
        if (seesAll) {
            assertThat(count).isGreaterThanOrEqualTo(14);
        } else {
            assertThat(count).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0} reading 齐鲁征信 -> {1}")
    @CsvSource({"operator,403", "operator2,200", "provider,403", "expert2,403", "maintainer,403", "bureau,200",
            "auditor,200"})
    void otherOrganization_isReadableOnlyByItsMembersAuthoritiesAndAuditors(String username, int expected)
            throws Exception {
        UUID other = organizationOf("齐鲁征信服务有限公司");
        mvc.perform(get("/api/v1/organizations/" + other).header("Authorization", bearer(mvc, username)))
                .andExpect(status().is(expected));
        mvc.perform(get("/api/v1/organizations/" + other + "/users").header("Authorization", bearer(mvc, username)))
                .andExpect(status().is(expected));
    }

    @ParameterizedTest(name = "{0} registers an organization -> {1}")
    @CsvSource({"bureau,201", "district,403", "operator,403", "provider,403", "expert1,403", "maintainer,403",
            "auditor,403"})
    void registerOrganization_onlyByTheCityAuthority(String username, int expected) throws Exception {
        long before = organizations.count();
        int serial = SERIAL.incrementAndGet();
        String code = CreditCode.withCheckCharacter("91370100" + String.format("TE%07d", serial)).value();
        mvc.perform(post("/api/v1/organizations").header("Authorization", bearer(mvc, username))
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"name":"测试数据公司%d","type":"OPERATOR","creditCode":"%s","legalRepresentative":"测试人"}
                        """.formatted(serial, code)))
                .andExpect(status().is(expected));
        assertThat(organizations.count()).isEqualTo(expected == 201 ? before + 1 : before);
    }

    @Test
    void registerOrganization_anonymously_isUnauthenticated() throws Exception {
        mvc.perform(post("/api/v1/organizations").contentType(MediaType.APPLICATION_JSON).content("{}"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.code").value("unauthenticated"));
    }

    @ParameterizedTest(name = "{0} adds an engineer to {1} -> {2}")
    @CsvSource({"operator,泉城数据科技有限公司,201", "operator,齐鲁征信服务有限公司,403", "bureau,齐鲁征信服务有限公司,201",
            "expert1,泉城数据科技有限公司,403", "provider,泉城数据科技有限公司,403", "district,泉城数据科技有限公司,403"})
    void createUser_byCityAuthorityOrOwnOperatorAdministrator(String username, String organization, int expected)
            throws Exception {
        int serial = SERIAL.incrementAndGet();
        mvc.perform(post("/api/v1/organizations/" + organizationOf(organization) + "/users")
                .header("Authorization", bearer(mvc, username)).contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"username":"engineer%d","displayName":"工程师","password":"Secret-1234","roles":["OPERATOR_ENGINEER"]}
                        """.formatted(serial)))
                .andExpect(status().is(expected));
        assertThat(jdbc.sql("select count(*) from app_user where username = ?").param("engineer" + serial)
                .query(Long.class).single()).isEqualTo(expected == 201 ? 1 : 0);
    }

    @ParameterizedTest(name = "{0} on the audit log -> {1}")
    @CsvSource({"auditor,200", "bureau,200", "operator,403", "provider,403", "maintainer,403", "expert3,403",
            "district,403"})
    void auditLog_onlyForAuditors(String username, int expected) throws Exception {
        mvc.perform(get("/api/v1/audit/verify").header("Authorization", bearer(mvc, username)))
                .andExpect(status().is(expected));
        mvc.perform(get("/api/v1/audit/entries").header("Authorization", bearer(mvc, username)))
                .andExpect(status().is(expected));
    }

    @Test
    void maintainer_mayNeverBecomeAnOperator() throws Exception {
        var maintainer = organizations.findByName("济南云维信息技术有限公司").orElseThrow();
        // an operator under the maintainer's credit code
        mvc.perform(post("/api/v1/organizations").header("Authorization", bearer(mvc, "bureau"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"name":"云维运营","type":"OPERATOR","creditCode":"%s","legalRepresentative":"郑工"}
                        """.formatted(maintainer.creditCode())))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("maintainer_may_not_operate"));
        // an operator role for a maintainer's user
        mvc.perform(post("/api/v1/organizations/" + maintainer.id() + "/users")
                .header("Authorization", bearer(mvc, "bureau")).contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"username":"yunwei-op","displayName":"运维","password":"Secret-1234","roles":["OPERATOR_ENGINEER"]}
                        """))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.code").value("maintainer_may_not_operate"));
        // the policy other modules call before an application, agreement or grant
        assertThatThrownBy(() -> identity.requireMayOperate(maintainer.id(), "authorization.application.submit"))
                .isInstanceOf(QuanyunException.class)
                .satisfies(e -> assertThat(((QuanyunException) e).code())
                        .isEqualTo(ErrorCode.MAINTAINER_MAY_NOT_OPERATE));
        // every attempt is on the record
        long refusals = jdbc.sql("select count(*) from audit_entry where outcome = 'REFUSED' and reason like ?")
                .param("maintainer_may_not_operate%").query(Long.class).single();
        assertThat(refusals).isGreaterThanOrEqualTo(3);
    }

    @Test
    void service_refusesOtherOrganizations_evenWithoutAController() {
        UUID other = organizationOf("齐鲁征信服务有限公司");
        var operator = organizations.findByName("泉城数据科技有限公司").orElseThrow();
        Actor engineer = new Actor(UUID.randomUUID(), "someone", operator.id(), operator.name(),
                OrganizationType.OPERATOR, Set.of(Role.OPERATOR_ENGINEER), null);
        Actors.runAs(engineer, () -> {
            assertThatThrownBy(() -> identity.organization(other)).isInstanceOf(QuanyunException.class)
                    .satisfies(e -> assertThat(((QuanyunException) e).code()).isEqualTo(ErrorCode.FORBIDDEN));
            assertThatThrownBy(() -> identity.users(other)).isInstanceOf(QuanyunException.class);
            assertThatThrownBy(() -> identity.registerOrganization(new RegisterOrganization("x",
                    OrganizationType.PROVIDER, "91350100M000100Y43", null, null, null)))
                    .isInstanceOf(QuanyunException.class);
            assertThat(identity.organizations()).extracting(OrganizationView::id).containsExactly(operator.id());
            return null;
        });
    }

    @Test
    void anonymousActor_isRefusedByTheService() {
        Actors.runAs(Actor.anonymous("127.0.0.1"), () -> {
            assertThatThrownBy(() -> identity.organizations()).isInstanceOf(QuanyunException.class)
                    .satisfies(e -> assertThat(((QuanyunException) e).code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
            return null;
        });
    }

    @Test
    void operatorOrganization_namesItsLegalRepresentative_asFirstResponsiblePerson() throws Exception {
        UUID operator = organizationOf("泉城数据科技有限公司");
        mvc.perform(get("/api/v1/organizations/" + operator).header("Authorization", bearer(mvc, "operator")))
                .andExpect(status().isOk()).andExpect(jsonPath("$.legalRepresentative").value("张伟"));
        mvc.perform(post("/api/v1/organizations").header("Authorization", bearer(mvc, "bureau"))
                .contentType(MediaType.APPLICATION_JSON)
                .content("""
                        {"name":"无代表公司","type":"OPERATOR","creditCode":"%s"}
                        """.formatted(CreditCode.withCheckCharacter("91370100LR0000001").value())))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("legalRepresentative"));
    }
}
