package io.quanyun.product.api;

import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.product.CallOutcome;
import io.quanyun.product.IssueConsentToken;
import io.quanyun.product.IssuedConsentToken;
import io.quanyun.product.IssuedSubscriptionKey;
import io.quanyun.product.ListedProduct;
import io.quanyun.product.SubscribeToProduct;
import io.quanyun.product.SubscriptionManagement;
import io.quanyun.product.SubscriptionStatement;
import io.quanyun.product.SubscriptionView;
import io.quanyun.product.UsageDay;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Consumers' subscriptions, keys, usage and statements, and consent tokens, over JSON (bearer token). */
@RestController
@Tag(name = "Subscriptions", description = "产品订阅 / consumers subscribe, hold keys, read usage and statements")
class SubscriptionController {

    private final SubscriptionManagement subscriptions;

    SubscriptionController(SubscriptionManagement subscriptions) {
        this.subscriptions = subscriptions;
    }

    @GetMapping(path = "/api/v1/subscriptions/products", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Listed products to subscribe to")
    List<ListedProduct> listed() {
        return subscriptions.listedProducts();
    }

    @PostMapping(path = "/api/v1/subscriptions", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Subscribe to a listed product (consumer administrator)")
    SubscriptionView subscribe(@RequestBody SubscribeToProduct command) {
        return subscriptions.subscribe(command);
    }

    @GetMapping(path = "/api/v1/subscriptions", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Subscriptions the caller may see")
    List<SubscriptionView> subscriptions() {
        return subscriptions.subscriptions();
    }

    @GetMapping(path = "/api/v1/subscriptions/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "One subscription with its keys (hints only)")
    SubscriptionView subscription(@PathVariable UUID id) {
        return subscriptions.subscription(id);
    }

    @PostMapping(path = "/api/v1/subscriptions/{id}/keys", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue an API key; the key is in this response only")
    IssuedSubscriptionKey issueKey(@PathVariable UUID id) {
        return subscriptions.issueKey(id);
    }

    @PostMapping(path = "/api/v1/subscriptions/{id}/keys/{keyId}/revoke", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Revoke an API key; calls with it get 401 at once")
    SubscriptionView revoke(@PathVariable UUID id, @PathVariable UUID keyId) {
        return subscriptions.revokeKey(id, keyId);
    }

    @PostMapping(path = "/api/v1/subscriptions/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Cancel a subscription; its keys are revoked")
    SubscriptionView cancel(@PathVariable UUID id) {
        return subscriptions.cancel(id);
    }

    @GetMapping(path = "/api/v1/subscriptions/{id}/usage", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Calls per day and outcome, last 31 days")
    List<UsageDay> usage(@PathVariable UUID id) {
        return subscriptions.usage(id);
    }

    @GetMapping(path = "/api/v1/subscriptions/{id}/statements", produces = MediaType.APPLICATION_JSON_VALUE)
    @io.swagger.v3.oas.annotations.Operation(summary = "The monthly statements produced for the subscription's completed months")
    java.util.List<io.quanyun.product.ProducedStatement> statements(@PathVariable java.util.UUID id) {
        return subscriptions.statements(id);
    }

    @GetMapping(path = "/api/v1/subscriptions/{id}/statements/{month}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Monthly statement (month as yyyy-MM)")
    SubscriptionStatement statement(@PathVariable UUID id, @PathVariable YearMonth month) {
        return subscriptions.statement(id, month);
    }

    @GetMapping(path = "/api/v1/products/{id}/call-counts", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Calls of a product by outcome in a month, refusals included (operator, authority)")
    Map<CallOutcome, Long> callCounts(@PathVariable UUID id, @RequestParam YearMonth month) {
        return subscriptions.callsOf(id, month);
    }

    @PostMapping(path = "/api/v1/consent-tokens", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue a consent token on the data subject's instruction (provider or authority)")
    IssuedConsentToken issueConsentToken(@RequestBody IssueConsentToken command) {
        return subscriptions.issueConsentToken(command);
    }
}
