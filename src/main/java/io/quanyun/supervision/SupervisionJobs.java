package io.quanyun.supervision;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;

/**
 * The scheduled checks: monitoring rules every minute, rectification deadlines every five minutes, training
 * lapses every hour. Switched off with {@code quanyun.supervision.jobs-enabled=false} (tests call the facade).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@ConditionalOnProperty(name = "quanyun.supervision.jobs-enabled", havingValue = "true", matchIfMissing = true)
class SupervisionJobs {

    private static final Logger log = LoggerFactory.getLogger(SupervisionJobs.class);

    private final SupervisionManagement supervision;

    SupervisionJobs(SupervisionManagement supervision) {
        this.supervision = supervision;
    }

    @Scheduled(initialDelayString = "PT1M", fixedDelayString = "${quanyun.supervision.monitoring-interval:PT1M}")
    void monitor() {
        run("monitoring", () -> supervision.evaluateMonitoring().size());
    }

    @Scheduled(initialDelayString = "PT2M", fixedDelayString = "PT5M")
    void deadlines() {
        run("rectification deadlines", () -> supervision.failOverdueRectifications().size());
    }

    @Scheduled(initialDelayString = "PT3M", fixedDelayString = "PT1H")
    void trainingLapses() {
        run("training lapses", () -> supervision.detectLapsedTrainings().size());
    }

    private static void run(String job, java.util.function.Supplier<Integer> work) {
        try {
            int count = Actors.runAs(Actor.system(), work);
            if (count > 0) {
                log.info("Supervision {}: {} item(s)", job, count);
            }
        } catch (RuntimeException e) {
            log.warn("Supervision {} failed; retried at the next run", job, e);
        }
    }
}
