package io.quanyun.product.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerAdapter;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quanyun.product.ProductCalls;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.support.PlatformTest;

/**
 * An exception on the lean call path (e.g. the group committer could not commit the call's meter row and audit entry)
 * is answered by the platform's error handler exactly as when the controller threw it: problem+json with the code,
 * never the answer, and counted by the timer as an error.
 */
@PlatformTest
class ProductCallHandlerErrorTests {

    @Autowired ObjectProvider<RequestMappingHandlerAdapter> adapter;
    @Autowired @Qualifier("handlerExceptionResolver") ObjectProvider<HandlerExceptionResolver> errors;
    @Autowired ProductCallController controller;
    @Autowired ObjectProvider<BenchLookupController> bench;

    @Test
    void ledgerFailure_isAnsweredAsProblemJson_byThePlatformErrorHandler() throws Exception {
        ProductCalls calls = mock(ProductCalls.class);
        when(calls.call(any(), anyString(), any(), any())).thenThrow(
                new QuanyunException(ErrorCode.INTERNAL_ERROR, "The call could not be metered and audited"));
        MeterRegistry meters = new SimpleMeterRegistry();
        ProductCallHandler handler = new ProductCallHandler(calls, adapter, errors, controller, bench, meters, false);
        UUID product = UUID.randomUUID();
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/api/v1/products/" + product + "/calls");
        request.addHeader("X-Api-Key", "qyc_whatever");
        request.setContent("{}".getBytes());
        MockHttpServletResponse response = new MockHttpServletResponse();

        handler.call(product).handleRequest(request, response);

        assertThat(response.getStatus()).isEqualTo(500);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"code\":\"internal_error\"")
                .contains("The call could not be metered and audited").doesNotContain("answer");
        assertThat(meters.find(ProductCallHandler.TIMER).tag("outcome", "ERROR").timer().count()).isEqualTo(1);
    }
}
