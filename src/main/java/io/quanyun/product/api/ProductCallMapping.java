package io.quanyun.product.api;

import java.lang.reflect.Method;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.handler.AbstractHandlerMapping;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Finds the handler of the product call ({@code POST /api/v1/products/{id}/calls}) and, in bench mode, of the bare
 * lookup with one precompiled pattern, ahead of the annotated mappings: the general lookup compares a request with a
 * path variable against every mapping of the application, which was the largest single cost of a call. The handler
 * is the same controller method as the annotated mapping's, with the same path variable, so arguments, return
 * value and errors are handled exactly as before.
 */
@Component
@ConditionalOnWebApplication
class ProductCallMapping extends AbstractHandlerMapping {

    private static final Pattern CALL = Pattern.compile("/api/v1/products/([0-9a-fA-F-]{36})/calls");
    private static final Pattern LOOKUP = Pattern.compile("/api/v1/bench/products/([0-9a-fA-F-]{36})/lookup");

    private final HandlerMethod call;
    private final @Nullable HandlerMethod lookup;

    ProductCallMapping(ProductCallController calls, ObjectProvider<BenchLookupController> bench) {
        setOrder(Ordered.HIGHEST_PRECEDENCE);
        this.call = new HandlerMethod(calls, method(ProductCallController.class, "call"));
        BenchLookupController lookupController = bench.getIfAvailable();
        this.lookup = lookupController == null ? null
                : new HandlerMethod(lookupController, method(BenchLookupController.class, "lookup"));
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
            return matched(request, matcher, "/api/v1/products/{id}/calls", call);
        }
        if (lookup != null) {
            matcher = LOOKUP.matcher(path);
            if (matcher.matches()) {
                return matched(request, matcher, "/api/v1/bench/products/{id}/lookup", lookup);
            }
        }
        return null;
    }

    private static HandlerMethod matched(HttpServletRequest request, Matcher matcher, String pattern,
            HandlerMethod handler) {
        request.setAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, Map.of("id", matcher.group(1)));
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, pattern);
        request.setAttribute(HandlerMapping.PATH_WITHIN_HANDLER_MAPPING_ATTRIBUTE, request.getRequestURI());
        request.setAttribute(HandlerMapping.BEST_MATCHING_HANDLER_ATTRIBUTE, handler);
        ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(context -> context.setPathPattern(pattern));
        return handler;
    }

    private static Method method(Class<?> type, String name) {
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type)) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new IllegalStateException("no method " + name + " on " + type.getName());
    }
}
