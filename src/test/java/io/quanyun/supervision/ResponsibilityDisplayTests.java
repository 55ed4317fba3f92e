package io.quanyun.supervision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.identity.IdentityManagement;
import io.quanyun.product.ProductManagement;
import io.quanyun.support.Api;

/**
 * Art. 14 "whoever authorizes supervises, whoever operates is responsible": every agreement, grant and product shows
 * its supervising authorizer and the operator's first responsible person (its legal representative), on the API and
 * on every console page that lists or shows them.
 */
@SupervisionTest
class ResponsibilityDisplayTests {

    static final String RESPONSIBLE = "孙监测";

    @Autowired MockMvc mvc;
    @Autowired IdentityManagement identity;
    @Autowired ProductManagement products;
    @Autowired SupervisionTestConfiguration.SupervisedOperators operators;

    String api(String user, String path) throws Exception {
        return mvc.perform(get(path).header("Authorization", "Bearer " + Api.issue(mvc, user, Api.PASSWORD)))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    MockHttpSession signIn(String username) throws Exception {
        return (MockHttpSession) mvc.perform(SecurityMockMvcRequestBuilders.formLogin("/login").user(username)
                .password(Api.PASSWORD)).andReturn().getRequest().getSession();
    }

    String page(MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    static String cell(String testId, String text) {
        return "data-testid=\"" + testId + "\">" + text + "<";
    }

    @Test
    void agreementsGrantsAndProducts_showTheirAuthorizerAndFirstResponsiblePerson_onTheApiAndTheConsole()
            throws Exception {
        SupervisedOperator operator = operators.get("resp");
        SupervisedOperator.ListedProduct product = operator.listedProduct(products, identity);

        String agreement = api("bureau", "/api/v1/agreements/" + operator.agreementId);
        String authorizer = JsonPath.read(agreement, "$.authorizerName");
        assertThat(authorizer).isNotBlank();
        assertThat((String) JsonPath.read(agreement, "$.legalRepresentative")).isEqualTo(RESPONSIBLE);

        String grant = api(operator.admin, "/api/v1/access/grants/" + operator.grantId);
        assertThat((String) JsonPath.read(grant, "$.authorizerName")).isEqualTo(authorizer);
        assertThat((String) JsonPath.read(grant, "$.responsiblePerson")).isEqualTo(RESPONSIBLE);

        for (String user : new String[] {operator.admin, "bureau"}) {
            String one = api(user, "/api/v1/products/" + product.id());
            assertThat((String) JsonPath.read(one, "$.authorizerName")).as(user).isEqualTo(authorizer);
            assertThat((String) JsonPath.read(one, "$.responsiblePerson")).as(user).isEqualTo(RESPONSIBLE);
            assertThat((String) JsonPath.read(one, "$.authorizerId")).isNotBlank();
        }
        String list = api(operator.admin, "/api/v1/products");
        assertThat(JsonPath.<java.util.List<String>>read(list, "$[?(@.id == '" + product.id() + "')].responsiblePerson"))
                .containsExactly(RESPONSIBLE);
        assertThat(JsonPath.<java.util.List<String>>read(list, "$[?(@.id == '" + product.id() + "')].authorizerName"))
                .containsExactly(authorizer);

        // the operator's console: its products and grants in the operating page
        MockHttpSession admin = signIn(operator.admin);
        String operating = page(get("/products/operating").session(admin));
        assertThat(operating).contains(cell("product-responsible", RESPONSIBLE))
                .contains(cell("product-authorizer", authorizer)).contains(cell("grant-responsible", RESPONSIBLE))
                .contains(cell("grant-authorizer", authorizer));
        // grants: the list and the page
        assertThat(page(get("/access/grants").session(admin))).contains(RESPONSIBLE).contains(authorizer);
        String grantPage = page(get("/access/grants/" + operator.grantId).session(admin));
        assertThat(grantPage).contains(cell("authorizer", authorizer)).contains(cell("responsible", RESPONSIBLE));
        // agreements: the authorization console's list and the agreement's page
        MockHttpSession bureau = signIn("bureau");
        assertThat(page(get("/authorization").session(bureau))).contains(cell("agreement-responsible", RESPONSIBLE));
        String agreementPage = page(get("/authorization/agreements/" + operator.agreementId).session(bureau));
        assertThat(agreementPage).contains(cell("authorizer", authorizer)).contains(cell("responsible", RESPONSIBLE));
        // the public catalog: the list and the product's page
        assertThat(page(get("/portal/products"))).contains(cell("responsible", RESPONSIBLE))
                .contains(cell("authorizer", authorizer));
        assertThat(page(get("/portal/products/" + product.id()))).contains(cell("responsible", RESPONSIBLE));
        // the authorizer's supervision page lists all three
        String supervision = page(get("/supervision/responsibilities").session(bureau));
        assertThat(supervision).contains(operator.name).contains(RESPONSIBLE);
    }
}
