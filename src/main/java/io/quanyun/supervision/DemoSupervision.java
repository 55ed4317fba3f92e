package io.quanyun.supervision;

import java.time.Clock;
import java.time.LocalDate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.identity.UserView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Role;
import io.quanyun.shared.Zones;

/**
 * Demo: the operators' demo staff passed their pre-job security training a month ago, valid for a year
 * (Art. 16), so that they may work in the sandbox. Recorded for each such person without valid training.
 */
@Component
@Order(25)
@ConditionalOnProperty(name = "quanyun.demo.enabled", havingValue = "true")
class DemoSupervision implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoSupervision.class);

    private final SupervisionManagement supervision;
    private final IdentityManagement identity;
    private final Clock clock;

    DemoSupervision(SupervisionManagement supervision, IdentityManagement identity, Clock clock) {
        this.supervision = supervision;
        this.identity = identity;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        LocalDate today = LocalDate.now(clock.withZone(Zones.SHANGHAI));
        int recorded = Actors.runAs(Actor.system(), () -> {
            int count = 0;
            for (OrganizationView operator : identity.organizationsOfType(OrganizationType.OPERATOR)) {
                for (UserView user : identity.users(operator.id())) {
                    boolean staff = user.roles().contains(Role.OPERATOR_ENGINEER);
                    if (staff && !supervision.hasValidTraining(user.id())) {
                        supervision.recordTraining(new RecordTraining(user.id(), "公共数据授权运营岗前安全培训",
                                today.minusDays(30), TrainingResult.PASSED, today.plusYears(1)));
                        count++;
                    }
                }
            }
            return count;
        });
        if (recorded > 0) {
            log.info("Demo training recorded for {} operator staff", recorded);
        }
    }
}
