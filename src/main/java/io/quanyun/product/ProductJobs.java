package io.quanyun.product;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.Zones;

/**
 * The product jobs, hourly: settle the metered calls of completed days into charges
 * ({@link ProductPricing#settleMeteredCalls()}), then produce the monthly statement of each subscription for each
 * completed month ({@link SubscriptionManagement#produceStatementsBefore}). Both are idempotent, so running every
 * hour (rather than once at midnight) only catches up after a restart. Switched off with
 * {@code quanyun.product.jobs-enabled=false} (tests run {@link #run} with a moved clock).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "quanyun.product.jobs-enabled", havingValue = "true", matchIfMissing = true)
class ProductJobs {

    private static final Logger log = LoggerFactory.getLogger(ProductJobs.class);

    private final ProductPricing pricing;
    private final SubscriptionManagement subscriptions;
    private final Clock clock;
    /** In bench mode the jobs stay idle, so that they do not weigh on the measured calls. */
    @org.springframework.beans.factory.annotation.Value("${quanyun.bench.enabled:false}")
    boolean benchMode;

    @Autowired
    ProductJobs(ProductPricing pricing, SubscriptionManagement subscriptions, Clock clock) {
        this.pricing = pricing;
        this.subscriptions = subscriptions;
        this.clock = clock;
    }

    @Scheduled(initialDelayString = "PT4M", fixedDelayString = "${quanyun.product.jobs-interval:PT1H}")
    void scheduled() {
        if (benchMode) {
            return;
        }
        try {
            Result result = run();
            if (result.charges() > 0 || result.statements() > 0) {
                log.info("Product jobs: {} charge(s) settled, {} statement(s) produced", result.charges(),
                        result.statements());
            }
        } catch (RuntimeException e) {
            log.warn("Product jobs failed; retried at the next run", e);
        }
    }

    /** What one run did. */
    record Result(int charges, int statements) {
    }

    /** One run, as the platform, on this job's clock (Asia/Shanghai days and months). */
    Result run() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), Zones.SHANGHAI);
        return Actors.runAs(Actor.system(), () -> new Result(pricing.settleMeteredCallsBefore(today),
                subscriptions.produceStatementsBefore(YearMonth.from(today))));
    }
}
