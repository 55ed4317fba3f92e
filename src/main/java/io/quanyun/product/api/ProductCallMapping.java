package io.quanyun.product.api;

import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the handler of the product call ({@code POST /api/v1/products/{id}/calls}) and, in bench mode, of the bare
 * lookup with one precompiled pattern, ahead of the annotated mappings: the general lookup compares a request with a
 * path variable against every mapping of the application, which was the largest single cost of a call. The handler
 * is {@link ProductCallHandler}'s lean request handler (no annotated-method machinery per call); a path whose id is
 * not a UUID, a context path or a path parameter is left to the general mapping and {@link ProductCallController},
 * which answers exactly as before (and documents the endpoint in OpenAPI).
 */
@Component
@ConditionalOnWebApplication
class ProductCallMapping extends AbstractHandlerMapping {

    private static final Pattern CALL = Pattern.compile("/api/v1/products/([0-9a-fA-F-]{36})/calls");
    private static final Pattern LOOKUP = Pattern.compile("/api/v1/bench/products/([0-9a-fA-F-]{36})/lookup");
    static final String CALL_PATTERN = "/api/v1/products/{id}/calls";
    static final String LOOKUP_PATTERN = "/api/v1/bench/products/{id}/lookup";

    private final ProductCallHandler handler;
    private final boolean bench;

    ProductCallMapping(ProductCallHandler handler, ObjectProvider<BenchLookupController> bench) {
        setOrder(Ordered.HIGHEST_PRECEDENCE);
        this.handler = handler;
        this.bench = bench.getIfAvailable() != null;
    }

    @Override
    protected @Nullable Object getHandlerInternal(HttpServletRequest request) {
        if (!HttpMethod.POST.matches(request.getMethod())) {
            return null;
        }
        String path = request.getRequestURI();
        if (request.getContextPath().length() > 0 || path.indexOf(';') >= 0) {
            return null; // left to the general mapping
        }
        Matcher matcher = CALL.matcher(path);
        if (matcher.matches()) {
            UUID id = uuid(matcher.group(1));
            return id == null ? null : matched(request, CALL_PATTERN, handler.call(id));
        }
        if (bench) {
            matcher = LOOKUP.matcher(path);
            if (matcher.matches()) {
                UUID id = uuid(matcher.group(1));
                return id == null ? null : matched(request, LOOKUP_PATTERN, handler.lookup(id));
            }
        }
        return null;
    }

    /** The id, or null when it is not a UUID (the general mapping then refuses it precisely). */
    private static @Nullable UUID uuid(String text) {
        try {
            UUID id = UUID.fromString(text);
            return id.toString().equalsIgnoreCase(text) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static HttpRequestHandler matched(HttpServletRequest request, String pattern,
            HttpRequestHandler handler) {
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(context -> context.setPathPattern(pattern));
        return handler;
    }
}
