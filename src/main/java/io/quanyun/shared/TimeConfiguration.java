package io.quanyun.shared;

import java.time.Clock;
import java.time.ZoneId;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Every deadline, expiry and validity is computed from this clock, in Asia/Shanghai (Art. 20). */
@Configuration(proxyBeanMethods = false)
class TimeConfiguration {

    /** The zone in which the measures' dates and deadlines are read. */
    static final ZoneId ZONE = Zones.SHANGHAI;

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.system(ZONE);
    }
}
