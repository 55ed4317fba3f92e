package io.quanyun.supervision;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import io.quanyun.support.PlatformTest;

/**
 * The whole platform with a clock the test moves and a recorder of published events; the scheduled jobs are
 * off (tests call the facade). One context shared by the supervision test classes.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@PlatformTest
@Import(SupervisionTestConfiguration.class)
@TestPropertySource(properties = {"quanyun.supervision.jobs-enabled=false",
        "quanyun.supervision.evidence-max-bytes=1024"})
@interface SupervisionTest {
}
