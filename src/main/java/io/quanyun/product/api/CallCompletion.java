package io.quanyun.product.api;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.quanyun.product.CallResponse;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The response of one product call that waits, outside any request thread, for two things: the call's meter row
 * and audit place committed by the call ledger, and the container's thread having left the filter chain (so that
 * no filter still touches the response while it is written). Whichever comes second writes the response, on its
 * own thread, and completes the asynchronous request: the answer when the call was metered, an internal error
 * (problem+json, through the platform's error handler on a container thread) when it was not. A timeout or a
 * broken connection ends it once; nothing is written twice.
 */
final class CallCompletion implements AsyncListener {

    /** The request attribute that holds a call's completion while the container's thread unwinds. */
    static final String ATTRIBUTE = CallCompletion.class.getName();
    /** The request attribute the completion filter sets: a call on this request may complete asynchronously. */
    static final String FILTERED = CallCompletion.class.getName() + ".filtered";
    /** How long a call may wait for its metering before it is answered with an internal error. */
    static final long TIMEOUT_MILLIS = 35_000;

    private static final Logger log = LoggerFactory.getLogger(CallCompletion.class);

    /** What writes the response: the handler's own writing and error handling. */
    interface Writer {
        void answer(CallResponse response, HttpServletRequest request, HttpServletResponse httpResponse, long start)
                throws IOException;

        /** The internal error that stands for the answer when the call could not be metered in time. */
        void failure(HttpServletRequest request, HttpServletResponse httpResponse, long start);
    }

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final CallResponse answer;
    private final long start;
    private final Writer writer;
    private final AtomicInteger awaited = new AtomicInteger(2);
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile @Nullable Throwable failure;
    private volatile @Nullable AsyncContext context;

    CallCompletion(HttpServletRequest request, HttpServletResponse response, CallResponse answer, long start,
            Writer writer) {
        this.request = request;
        this.response = response;
        this.answer = answer;
        this.start = start;
        this.writer = writer;
    }

    /** Puts the request in asynchronous mode; the container's thread then leaves it to this completion. */
    void begin() {
        request.setAttribute(ATTRIBUTE, this);
        AsyncContext async = request.startAsync();
        async.setTimeout(TIMEOUT_MILLIS);
        async.addListener(this);
        context = async;
    }

    /** The ledger committed the call (failure null) or could not. */
    void metered(@Nullable Throwable failure) {
        this.failure = failure;
        arrived();
    }

    /** The container's thread left the filter chain. */
    void containerReturned() {
        arrived();
    }

    private void arrived() {
        if (awaited.decrementAndGet() == 0) {
            finish();
        }
    }

    private void finish() {
        AsyncContext async = context;
        if (async == null || !ended.compareAndSet(false, true)) {
            return;
        }
        if (failure != null) {
            // the platform's error handler may audit the refusal: on a container thread, not the ledger's
            async.start(() -> {
                try {
                    writer.failure(request, response, start);
                } finally {
                    async.complete();
                }
            });
            return;
        }
        try {
            writer.answer(answer, request, response, start);
        } catch (IOException | RuntimeException e) {
            log.debug("Could not write the answer of call {}", answer.callId(), e);
        } finally {
            async.complete();
        }
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        AsyncContext async = context;
        if (async != null && ended.compareAndSet(false, true)) {
            try {
                writer.failure(request, response, start);
            } finally {
                async.complete();
            }
        }
    }

    @Override
    public void onError(AsyncEvent event) {
        ended.set(true); // the connection broke: nothing to write, the container ends the request
    }

    @Override
    public void onComplete(AsyncEvent event) {
        ended.set(true);
    }

    @Override
    public void onStartAsync(AsyncEvent event) {
        // not restarted
    }

    /** Called by the completion filter once the chain returned on the container's thread. */
    static void containerReturned(ServletRequest request) {
        if (request.getAttribute(ATTRIBUTE) instanceof CallCompletion completion) {
            completion.containerReturned();
        }
    }
}
