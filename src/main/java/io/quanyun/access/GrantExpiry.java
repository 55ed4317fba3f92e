package io.quanyun.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;

/**
 * Ends expired grants, every {@code quanyun.access.expiry-check-interval} (default one minute). Consumers never
 * use an expired grant even before this runs: {@link AccessManagement#find} already shows it as ended.
 */
@Component
class GrantExpiry {

    private static final Logger log = LoggerFactory.getLogger(GrantExpiry.class);

    private final AccessManagement access;

    GrantExpiry(AccessManagement access) {
        this.access = access;
    }

    @Scheduled(fixedDelayString = "${quanyun.access.expiry-check-interval:PT1M}",
            initialDelayString = "${quanyun.access.expiry-check-interval:PT1M}")
    void endExpiredGrants() {
        int ended = Actors.runAs(Actor.system(), access::endExpiredGrants);
        if (ended > 0) {
            log.info("Ended {} expired grants", ended);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Scheduling {
    }
}
