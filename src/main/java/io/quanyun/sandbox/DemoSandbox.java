package io.quanyun.sandbox;

import java.util.Set;

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

/**
 * Demo: the demo user {@code operator} becomes a member of every workspace of its company's grants, so that
 * {@code ./quanyun dev} offers a working SQL workspace on the five demo tables.
 */
@Component
@Order(40)
@ConditionalOnProperty(name = "quanyun.demo.enabled", havingValue = "true")
class DemoSandbox implements ApplicationRunner {

    static final String OPERATOR = "泉城数据科技有限公司";
    static final String USERNAME = "operator";
    private static final Logger log = LoggerFactory.getLogger(DemoSandbox.class);

    private final SandboxManagement sandbox;
    private final IdentityManagement identity;

    DemoSandbox(SandboxManagement sandbox, IdentityManagement identity) {
        this.sandbox = sandbox;
        this.identity = identity;
    }

    @Override
    public void run(ApplicationArguments args) {
        OrganizationView company = identity.organizationsOfType(OrganizationType.OPERATOR).stream()
                .filter(o -> o.name().equals(OPERATOR)).findFirst().orElse(null);
        if (company == null) {
            return;
        }
        UserView user = Actors.runAs(Actor.system(), () -> identity.users(company.id())).stream()
                .filter(u -> u.username().equals(USERNAME)).findFirst().orElse(null);
        if (user == null) {
            return;
        }
        Actor operator = new Actor(user.id(), user.username(), company.id(), company.name(),
                OrganizationType.OPERATOR, Set.copyOf(user.roles()), null);
        int added = Actors.runAs(operator, () -> {
            int count = 0;
            for (var workspace : sandbox.workspaces()) {
                if (!workspace.members().contains(USERNAME)) {
                    sandbox.addMember(workspace.id(), USERNAME);
                    count++;
                }
            }
            return count;
        });
        if (added > 0) {
            log.info("Demo sandbox: {} is a member of {} workspace(s)", USERNAME, added);
        }
    }
}
