package io.quanyun.supervision;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings bound to {@code quanyun.supervision.*}.
 *
 * @param evidenceMaxBytes the largest evidence file accepted (training certificates)
 * @param jobsEnabled whether the scheduled jobs run (monitoring, training lapse, rectification deadlines)
 * @param monitoringInterval how often the monitoring rules look at new audit entries (ISO-8601, e.g. PT1M)
 * @param monitoringBatch the most audit entries one evaluation reads
 */
@ConfigurationProperties("quanyun.supervision")
public record SupervisionSettings(@DefaultValue("10485760") long evidenceMaxBytes,
        @DefaultValue("true") boolean jobsEnabled, @DefaultValue("PT1M") Duration monitoringInterval,
        @DefaultValue("20000") int monitoringBatch) {
}
