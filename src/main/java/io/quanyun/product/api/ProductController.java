package io.quanyun.product.api;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.product.CallUsage;
import io.quanyun.product.IssueApiKey;
import io.quanyun.product.IssuedApiKey;
import io.quanyun.product.ProductManagement;
import io.quanyun.product.ProductView;
import io.quanyun.product.RegisterProduct;
import io.quanyun.product.ReviewProduct;
import io.quanyun.product.VerificationCall;
import io.quanyun.product.VerificationResult;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Products, their review and verification calls, over JSON. Errors are problem+json. */
@RestController
@RequestMapping(path = "/api/v1/products", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Products", description = "数据产品 / registry, compliance review, verification calls (Art. 15)")
class ProductController {

    static final String API_KEY_HEADER = "X-Api-Key";

    private final ProductManagement products;

    ProductController(ProductManagement products) {
        this.products = products;
    }

    record Reason(@Nullable String reason) {
    }

    @GetMapping
    @Operation(summary = "Products the caller may see")
    List<ProductView> products() {
        return products.products();
    }

    @GetMapping("/{id}")
    @Operation(summary = "One product")
    ProductView product(@PathVariable UUID id) {
        return products.product(id);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a draft product under an active grant (operator administrator)")
    ProductView register(@RequestBody RegisterProduct command) {
        return products.register(command);
    }

    @PostMapping("/{id}/submit")
    @Operation(summary = "Submit a draft for compliance review")
    ProductView submit(@PathVariable UUID id) {
        return products.submit(id);
    }

    @PostMapping(path = "/{id}/reviews", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Review a product (authority); high risk needs a second reviewer")
    ProductView review(@PathVariable UUID id, @RequestBody ReviewProduct review) {
        return products.review(id, review);
    }

    @PostMapping("/{id}/suspend")
    @Operation(summary = "Suspend a listed product (authority)")
    ProductView suspend(@PathVariable UUID id, @RequestBody(required = false) @Nullable Reason reason) {
        return products.suspend(id, reason == null || reason.reason() == null ? "" : reason.reason());
    }

    @PostMapping("/{id}/restore")
    @Operation(summary = "List a suspended product again (authority)")
    ProductView restore(@PathVariable UUID id) {
        return products.restore(id);
    }

    @PostMapping("/{id}/delist")
    @Operation(summary = "Delist a product for good")
    ProductView delist(@PathVariable UUID id) {
        return products.delist(id);
    }

    @PostMapping(path = "/{id}/keys", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue an API key to a consumer (operator administrator); the key is shown only here")
    IssuedApiKey issueKey(@PathVariable UUID id, @RequestBody IssueApiKey command) {
        return products.issueApiKey(id, command);
    }

    @GetMapping("/{id}/usage")
    @Operation(summary = "Calls per key and day")
    List<CallUsage> usage(@PathVariable UUID id) {
        return products.usage(id);
    }

    @PostMapping(path = "/{id}/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Verification call with an API key: MATCH, NO_MATCH or NOT_FOUND, never a stored value")
    VerificationResult verify(@PathVariable UUID id,
            @RequestHeader(name = API_KEY_HEADER, required = false) @Nullable String apiKey,
            @RequestBody VerificationCall call) {
        return products.verify(id, apiKey, call);
    }
}
