package io.quanyun.product.api;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.HttpRequestHandler;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quanyun.product.CallOutcome;
import io.quanyun.product.CallResponse;
import io.quanyun.product.ProductCalls;
import io.quanyun.product.VerificationAnswer;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.web.Problems;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The lean request path of a product call ({@code POST /api/v1/products/{id}/calls}) and, in bench mode, of the
 * bare lookup: a {@link HttpRequestHandler} found by {@link ProductCallMapping}, so Spring MVC's annotated-method
 * machinery (model attribute methods of every {@code @ControllerAdvice}, argument resolvers, content negotiation,
 * return value handlers) is not run per call. The body is read as bytes and handed to {@link ProductCalls}, which
 * does every check, meters and audits exactly as through {@link ProductCallController}; an answered verification
 * is written from precomputed bytes (the answer set is fixed), everything else (a model's score, a refusal as
 * problem+json with {@code callId} and Retry-After) through Spring MVC's own message converters, so documents are
 * the same as the controller's. An exception is handed to Spring MVC's exception resolvers as the controller's,
 * so the platform's error handler ({@code ApiErrors}) answers it as before.
 * Instead of the general {@code http.server.requests} observation (excluded for these two paths by
 * {@link ProductCallObservation}) each call is timed by a pre-registered timer per outcome,
 * {@code quanyun.product.calls}.
 */
@org.springframework.stereotype.Component
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class ProductCallHandler {

    static final String TIMER = "quanyun.product.calls";

    private static final byte[] CALL_ID = "{\"callId\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final Map<VerificationAnswer, byte[]> ANSWER_TAILS = new EnumMap<>(VerificationAnswer.class);
    private static final Map<VerificationAnswer, byte[]> LOOKUP_BODIES = new EnumMap<>(VerificationAnswer.class);

    static {
        for (VerificationAnswer answer : VerificationAnswer.values()) {
            ANSWER_TAILS.put(answer, ("\",\"answer\":\"" + answer.name() + "\"}").getBytes(StandardCharsets.US_ASCII));
            LOOKUP_BODIES.put(answer, ("{\"answer\":\"" + answer.name() + "\"}").getBytes(StandardCharsets.US_ASCII));
        }
    }

    private final ProductCalls calls;
    private final ObjectProvider<RequestMappingHandlerAdapter> adapter;
    private final ObjectProvider<HandlerExceptionResolver> errors;
    private final HandlerMethod callMethod;
    private final @Nullable HandlerMethod lookupMethod;
    private final Map<CallOutcome, Timer> timers = new EnumMap<>(CallOutcome.class);
    private final Timer failed;
    private volatile @Nullable HttpMessageConverter<Object> json;
    private final boolean asyncCompletion;
    private final CallCompletion.Writer completionWriter = new CallCompletion.Writer() {
        @Override
        public void answer(CallResponse answer, HttpServletRequest request, HttpServletResponse response, long start)
                throws IOException {
            write(answer, request, response);
            timers.get(answer.outcome()).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }

        @Override
        public void failure(HttpServletRequest request, HttpServletResponse response, long start) {
            failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            try {
                resolve(request, response, callMethod, ProductCalls.meteringFailed());
            } catch (Exception e) {
                response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
            }
        }
    };

    @Autowired
    ProductCallHandler(ProductCalls calls, ObjectProvider<RequestMappingHandlerAdapter> adapter,
            @Qualifier("handlerExceptionResolver") ObjectProvider<HandlerExceptionResolver> errors,
            ProductCallController controller, ObjectProvider<BenchLookupController> bench, MeterRegistry meters,
            ApplicationContext context,
            @Value("${quanyun.product.calls.async-completion:true}") boolean asyncCompletion) {
        // a servlet container of our own (not MockMvc's simulated requests, whose callers read the response as
        // soon as the handler returns)
        this(calls, adapter, errors, controller, bench, meters, asyncCompletion
                && context instanceof WebServerApplicationContext);
    }

    ProductCallHandler(ProductCalls calls, ObjectProvider<RequestMappingHandlerAdapter> adapter,
            @Qualifier("handlerExceptionResolver") ObjectProvider<HandlerExceptionResolver> errors,
            ProductCallController controller, ObjectProvider<BenchLookupController> bench, MeterRegistry meters,
            boolean asyncCompletion) {
        this.asyncCompletion = asyncCompletion;
        this.calls = calls;
        this.adapter = adapter;
        this.errors = errors;
        this.callMethod = new HandlerMethod(controller, method(ProductCallController.class, "call"));
        BenchLookupController lookupController = bench.getIfAvailable();
        this.lookupMethod = lookupController == null ? null
                : new HandlerMethod(lookupController, method(BenchLookupController.class, "lookup"));
        for (CallOutcome outcome : CallOutcome.values()) {
            timers.put(outcome, Timer.builder(TIMER).description("Product calls, metered and audited, by outcome")
                    .tag("outcome", outcome.name()).register(meters));
        }
        this.failed = Timer.builder(TIMER).description("Product calls, metered and audited, by outcome")
                .tag("outcome", "ERROR").register(meters);
    }

    /** The handler of {@code POST /api/v1/products/{id}/calls}. */
    HttpRequestHandler call(UUID productId) {
        return (request, response) -> {
            try {
                call(productId, request, response);
            } catch (Exception e) {
                resolve(request, response, callMethod, e);
            }
        };
    }

    /** The handler of the bench-mode bare lookup. */
    HttpRequestHandler lookup(UUID productId) {
        return (request, response) -> {
            try {
                byte[] body = request.getInputStream().readAllBytes();
                writeBytes(response, LOOKUP_BODIES.get(calls.bareLookup(productId, body)));
            } catch (Exception e) {
                resolve(request, response, lookupMethod == null ? callMethod : lookupMethod, e);
            }
        };
    }

    /**
     * Hands an exception to Spring MVC's exception resolvers as if the annotated controller method had thrown it,
     * so the platform's error handler ({@code ApiErrors}: problem+json, refusal audit) answers exactly as before
     * (a global {@code @ControllerAdvice} applies to a plain request handler only when handler mappings are
     * configured on the resolver, which they are not).
     */
    private void resolve(HttpServletRequest request, HttpServletResponse response, HandlerMethod as, Exception e)
            throws ServletException, IOException {
        ModelAndView handled = errors.getObject().resolveException(request, response, as, e);
        if (handled == null) {
            if (e instanceof ServletException servlet) {
                throw servlet;
            }
            if (e instanceof IOException io) {
                throw io;
            }
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new ServletException(e);
        }
    }

    private static Method method(Class<?> type, String name) {
        for (Method method : ReflectionUtils.getUniqueDeclaredMethods(type)) {
            if (method.getName().equals(name)) {
                return method;
            }
        }
        throw new IllegalStateException("no method " + name + " on " + type.getName());
    }

    private void call(UUID productId, HttpServletRequest request, HttpServletResponse response) throws IOException {
        long start = System.nanoTime();
        boolean done = false;
        try {
            byte[] body = request.getInputStream().readAllBytes();
            if (asyncCompletion && request.isAsyncSupported() && request.getAttribute(CallCompletion.FILTERED) != null) {
                // the request thread does not wait for the group commit: the ledger's commit (or the container
                // leaving the filter chain, whichever is later) writes the response (ADR "Product call responses
                // completed by the ledger")
                ProductCalls.PendingCall pending = calls.start(productId, request.getHeader("X-Api-Key"), body,
                        request.getRemoteAddr());
                CallCompletion completion = new CallCompletion(request, response, pending.response(), start,
                        completionWriter);
                completion.begin();
                done = true;
                pending.metered().whenComplete((committed, failure) -> completion.metered(failure));
                return;
            }
            CallResponse answer = calls.call(productId, request.getHeader("X-Api-Key"), body, request.getRemoteAddr());
            completionWriter.answer(answer, request, response, start);
            done = true;
        } finally {
            if (!done) {
                failed.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void write(CallResponse answer, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (!answer.outcome().refused() && answer.score() != null) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("callId", answer.callId().toString());
            body.put("answer", answer.score().found() ? "SCORED" : "NOT_FOUND");
            if (answer.score().found()) {
                body.put("score", answer.score().score());
            }
            body.put("model", Map.of("kind", answer.score().kind(), "revision", answer.score().revision()));
            response.setStatus(HttpStatus.OK.value());
            writeJson(body, MediaType.APPLICATION_JSON, response);
            return;
        }
        if (!answer.outcome().refused() && answer.answer() != null) {
            writeBytes(response, answered(answer.callId(), answer.answer()));
            return;
        }
        ErrorCode code = answer.outcome().code();
        ProblemDetail problem = Problems.of(code, answer.detail(), answer.violations(), request);
        problem.setProperty("callId", answer.callId().toString());
        response.setStatus(code.status().value());
        if (answer.retryAfterSeconds() > 0) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(answer.retryAfterSeconds()));
        }
        writeJson(problem, MediaType.APPLICATION_PROBLEM_JSON, response);
    }

    /** {@code {"callId":"<id>","answer":"<answer>"}}, the answered verification's document. */
    static byte[] answered(UUID callId, VerificationAnswer answer) {
        byte[] tail = ANSWER_TAILS.get(answer);
        byte[] bytes = new byte[CALL_ID.length + 36 + tail.length];
        System.arraycopy(CALL_ID, 0, bytes, 0, CALL_ID.length);
        byte[] id = callId.toString().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(id, 0, bytes, CALL_ID.length, 36);
        System.arraycopy(tail, 0, bytes, CALL_ID.length + 36, tail.length);
        return bytes;
    }

    private static void writeBytes(HttpServletResponse response, byte[] body) throws IOException {
        response.setStatus(HttpStatus.OK.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void writeJson(Object body, MediaType type, HttpServletResponse response) throws IOException {
        ServletServerHttpResponse output = new ServletServerHttpResponse(response);
        converter().write(body, type, output);
        output.flush();
    }

    @SuppressWarnings("unchecked")
    private HttpMessageConverter<Object> converter() {
        HttpMessageConverter<Object> found = json;
        if (found == null) {
            List<HttpMessageConverter<?>> converters = adapter.getObject().getMessageConverters();
            for (HttpMessageConverter<?> candidate : converters) {
                if (candidate.canWrite(ProblemDetail.class, MediaType.APPLICATION_PROBLEM_JSON)
                        && candidate.canWrite(LinkedHashMap.class, MediaType.APPLICATION_JSON)) {
                    found = (HttpMessageConverter<Object>) candidate;
                    break;
                }
            }
            if (found == null) {
                throw new IllegalStateException("no JSON message converter for problem+json");
            }
            json = found;
        }
        return found;
    }
}
