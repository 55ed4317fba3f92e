package io.quanyun.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import io.quanyun.support.PlatformTest;

/**
 * The whole platform with the access test configuration: agreements from {@link InMemoryAgreements}, a
 * {@link MutableClock}, and {@link RecordedEvents}. One context for every access test class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@PlatformTest
@Import(AccessTestConfiguration.class)
@TestPropertySource(properties = "quanyun.access.expiry-check-interval=PT24H")
@interface AccessTest {
}
