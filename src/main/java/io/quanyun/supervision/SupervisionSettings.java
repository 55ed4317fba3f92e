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
 * @param reportPeriodMonths the length of a security reporting period in months (3: quarterly; 1, 2, 3, 4, 6 or 12)
 * @param reportGraceDays how many days after its period a security report is due
 */
@ConfigurationProperties("quanyun.supervision")
public record SupervisionSettings(@DefaultValue("10485760") long evidenceMaxBytes,
        @DefaultValue("true") boolean jobsEnabled, @DefaultValue("PT1M") Duration monitoringInterval,
        @DefaultValue("20000") int monitoringBatch, @DefaultValue("3") int reportPeriodMonths,
        @DefaultValue("15") int reportGraceDays) {

    public SupervisionSettings {
        if (reportPeriodMonths < 1 || 12 % reportPeriodMonths != 0) {
            throw new IllegalArgumentException("quanyun.supervision.report-period-months must divide 12");
        }
    }
}
