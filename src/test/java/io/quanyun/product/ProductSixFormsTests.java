package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import com.jayway.jsonpath.JsonPath;

import io.quanyun.support.Api;
import io.quanyun.support.PlatformTest;

/**
 * The registry takes all six forms (Art. 3): a data component charged per item and a data tool charged per period
 * are registered, reviewed with the authorizer's cap price, listed, shown in the public catalog with their form and
 * price model, and exported as a listing package; a fee above the cap is refused at review.
 */
@PlatformTest
@Import(ConsumerTestGrants.class)
class ProductSixFormsTests {

    @Autowired MockMvc mvc;
    @Autowired ConsumerTestGrants.FixedConsumerGrant grants;

    @Test
    void componentAndTool_registerReviewList_withCapPrice_inCatalogAndListingPackage() throws Exception {
        grants.setState(io.quanyun.access.GrantState.ACTIVE);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        UUID component = register("DATA_COMPONENT", "人口数据组件-" + suffix, "PER_ITEM", "2.00");
        UUID tool = register("DATA_TOOL", "数据清洗工具-" + suffix, "PER_PERIOD", "500.00");
        for (UUID product : List.of(component, tool)) {
            as("operator", post("/api/v1/products/" + product + "/submit")).andExpect(status().isOk());
        }
        as("bureau", post("/api/v1/products/" + component + "/reviews").contentType(MediaType.APPLICATION_JSON)
                .content("{\"approved\":true,\"riskLevel\":\"LOW\",\"capPrice\":1.50}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.type").value("urn:quanyun:error:fee_above_cap"));
        as("bureau", post("/api/v1/products/" + component + "/reviews").contentType(MediaType.APPLICATION_JSON)
                .content("{\"approved\":true,\"riskLevel\":\"LOW\",\"capPrice\":3.00}"))
                .andExpect(jsonPath("$.state").value("LISTED"));
        as("bureau", post("/api/v1/products/" + tool + "/reviews").contentType(MediaType.APPLICATION_JSON)
                .content("{\"approved\":true,\"riskLevel\":\"MEDIUM\",\"capPrice\":800}"))
                .andExpect(jsonPath("$.state").value("LISTED"));

        String catalog = mvc.perform(get("/api/v1/public/products")).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat((List<String>) JsonPath.read(catalog, "$[?(@.id == '" + component + "')].form"))
                .containsExactly("DATA_COMPONENT");
        assertThat((List<String>) JsonPath.read(catalog, "$[?(@.id == '" + component + "')].pricingModel"))
                .containsExactly("PER_ITEM");
        assertThat((List<String>) JsonPath.read(catalog, "$[?(@.id == '" + tool + "')].form")).containsExactly("DATA_TOOL");
        assertThat((List<String>) JsonPath.read(catalog, "$[?(@.id == '" + tool + "')].pricingModel"))
                .containsExactly("PER_PERIOD");
        String listing = mvc.perform(get("/api/v1/public/products/" + tool + "/listing")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat((String) JsonPath.read(listing, "$.pricing.capPrice")).isEqualTo("800");
        assertThat(listing).contains("数据清洗工具-" + suffix);
    }

    private UUID register(String form, String name, String pricing, String fee) throws Exception {
        String body = """
                {"grantId":"%s","form":"%s","name":"%s","description":"用于测试六种产品形态",
                 "pricingModel":"%s","fee":%s}""".formatted(grants.grant().id(), form, name, pricing, fee);
        return UUID.fromString(JsonPath.read(as("operator", post("/api/v1/products").contentType(MediaType.APPLICATION_JSON)
                .content(body)).andExpect(status().isCreated()).andReturn().getResponse().getContentAsString(), "$.id"));
    }

    private ResultActions as(String user, MockHttpServletRequestBuilder request) throws Exception {
        return mvc.perform(request.header("Authorization", Api.bearer(mvc, user)));
    }
}
