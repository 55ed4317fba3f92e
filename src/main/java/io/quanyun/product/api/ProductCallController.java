package io.quanyun.product.api;

import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.product.CallResponse;
import io.quanyun.product.ProductCalls;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.web.Problems;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code POST /api/v1/products/{id}/calls}: a consumer's call with its subscription's key in {@code X-Api-Key}.
 * The body is {@code {"inputs": {<the definition's named inputs>}, "consentToken": "..."}} (the token is
 * optional when a consent record covers the subject). A verification product answers
 * {@code {"callId", "answer"}}; a model product (one input, {@code subject}: the entity's identifier) answers
 * {@code {"callId", "answer": "SCORED"|"NOT_FOUND", "score", "model": {"kind", "revision"}}}. Never a stored
 * value; a refusal is problem+json with its precise code and {@code errors[]}, a 429 carries Retry-After.
 */
@RestController
@Tag(name = "Product calls", description = "数据产品调用 / verification calls by subscribed consumers (Art. 6, 13, 15)")
class ProductCallController {

    private final ProductCalls calls;

    ProductCallController(ProductCalls calls) {
        this.calls = calls;
    }

    @PostMapping(path = "/api/v1/products/{id}/calls", produces = {MediaType.APPLICATION_JSON_VALUE,
            MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @Operation(summary = "Call a listed product with a subscription key: MATCH, NO_MATCH or NOT_FOUND; a model's score or NOT_FOUND")
    ResponseEntity<Object> call(@PathVariable UUID id,
            @RequestHeader(name = "X-Api-Key", required = false) @Nullable String apiKey,
            @RequestBody(required = false) byte @Nullable [] body, HttpServletRequest request) {
        CallResponse response = calls.call(id, apiKey, body == null ? new byte[0] : body, request.getRemoteAddr());
        if (!response.outcome().refused() && response.score() != null) {
            Map<String, Object> answer = new java.util.LinkedHashMap<>();
            answer.put("callId", response.callId().toString());
            answer.put("answer", response.score().found() ? "SCORED" : "NOT_FOUND");
            if (response.score().found()) {
                answer.put("score", response.score().score());
            }
            answer.put("model", Map.of("kind", response.score().kind(), "revision", response.score().revision()));
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(answer);
        }
        if (!response.outcome().refused()) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(Map.of("callId",
                    response.callId().toString(), "answer", String.valueOf(response.answer())));
        }
        ErrorCode code = response.outcome().code();
        ProblemDetail problem = Problems.of(code, response.detail(), response.violations(), request);
        problem.setProperty("callId", response.callId().toString());
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(code.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (response.retryAfterSeconds() > 0) {
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(response.retryAfterSeconds()));
        }
        return builder.body(problem);
    }
}
