package io.quanyun.authorization;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;

/** Every day shortly after midnight (Asia/Shanghai), agreements whose term has ended expire. */
@Component
class ExpiryJob {

    private static final Logger log = LoggerFactory.getLogger(ExpiryJob.class);

    private final AgreementManagement agreements;

    ExpiryJob(AgreementManagement agreements) {
        this.agreements = agreements;
    }

    @Scheduled(cron = "${quanyun.authorization.expiry-cron:0 5 0 * * *}", zone = "Asia/Shanghai")
    void expireDaily() {
        int expired = Actors.runAs(Actor.system(), () -> agreements.expireDue().size());
        if (expired > 0) {
            log.info("{} agreement(s) expired at the end of their term", expired);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableScheduling
    static class Scheduling {
    }
}
