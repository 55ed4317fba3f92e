package io.quanyun.product.api;

import java.util.Map;
import java.util.UUID;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.quanyun.product.ProductCalls;

/**
 * The benchmark's baseline ({@code ./quanyun bench verify}): the index lookup of a call with no checks, no
 * metering and no audit. Exists only when {@code quanyun.bench.enabled=true}; never in dev or production.
 */
@RestController
@ConditionalOnProperty(name = "quanyun.bench.enabled", havingValue = "true")
class BenchLookupController {

    private final ProductCalls calls;

    BenchLookupController(ProductCalls calls) {
        this.calls = calls;
    }

    @PostMapping(path = "/api/v1/bench/products/{id}/lookup", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> lookup(@PathVariable UUID id, @RequestBody byte[] body) {
        return Map.of("answer", calls.bareLookup(id, body).name());
    }
}
