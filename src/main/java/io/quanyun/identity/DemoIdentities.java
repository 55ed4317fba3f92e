package io.quanyun.identity;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.Role;

/**
 * Demo organizations and users for {@code ./quanyun dev}, loaded into an empty platform only. All demo users
 * share one password ({@code QUANYUN_DEMO_PASSWORD}, default {@value #DEFAULT_PASSWORD}).
 */
@Component
@Order(0)
@ConditionalOnProperty(name = "quanyun.demo.enabled", havingValue = "true")
class DemoIdentities implements ApplicationRunner {

    static final String DEFAULT_PASSWORD = "Quanyun@2026";
    private static final Logger log = LoggerFactory.getLogger(DemoIdentities.class);

    /** Username, display name, organization, roles: the accounts printed at start-up. */
    record DemoUser(String username, String displayName, String organization, Set<Role> roles) {
    }

    static final Map<String, DemoUser> USERS = new LinkedHashMap<>();

    static {
        add("bureau", "王建国", "济南市大数据局", EnumSet.of(Role.AUTHORITY_ADMIN, Role.AUDITOR));
        add("provider", "李明（公安）", "济南市公安局", EnumSet.of(Role.PROVIDER_CLERK));
        add("provider-tax", "赵敏（税务）", "国家税务总局济南市税务局", EnumSet.of(Role.PROVIDER_CLERK));
        add("provider-health", "孙丽（卫健）", "济南市卫生健康委员会", EnumSet.of(Role.PROVIDER_CLERK));
        add("provider-traffic", "周强（交警）", "济南市公安局交通警察支队", EnumSet.of(Role.PROVIDER_CLERK));
        add("provider-market", "吴芳（市场监管）", "济南市市场监督管理局", EnumSet.of(Role.PROVIDER_CLERK));
        add("operator", "张伟", "泉城数据科技有限公司", EnumSet.of(Role.OPERATOR_ADMIN, Role.OPERATOR_ENGINEER));
        add("operator2", "刘洋", "齐鲁征信服务有限公司", EnumSet.of(Role.OPERATOR_ADMIN, Role.OPERATOR_ENGINEER));
        add("expert1", "陈教授", "山东数据要素评估研究院", EnumSet.of(Role.EXPERT));
        add("expert2", "杨研究员", "山东数据要素评估研究院", EnumSet.of(Role.EXPERT));
        add("expert3", "黄律师", "山东数据要素评估研究院", EnumSet.of(Role.EXPERT));
        add("maintainer", "郑工", "济南云维信息技术有限公司", EnumSet.of(Role.MAINTAINER));
        add("auditor", "冯审计", "济南市委网信办", EnumSet.of(Role.AUDITOR));
        add("district", "何区长助理", "济南市历下区大数据局", EnumSet.of(Role.AUTHORITY_ADMIN));
        add("bank", "钱行长助理", "泉城商业银行股份有限公司", EnumSet.of(Role.CONSUMER_ADMIN));
    }

    private static void add(String username, String name, String organization, Set<Role> roles) {
        USERS.put(username, new DemoUser(username, name, organization, roles));
    }

    private final IdentityManagement identity;
    private final Organizations organizations;
    private final String password;

    DemoIdentities(IdentityManagement identity, Organizations organizations,
            @Value("${quanyun.demo.password:" + DEFAULT_PASSWORD + "}") String password) {
        this.identity = identity;
        this.organizations = organizations;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!identity.isEmpty()) {
            return;
        }
        Actors.runAs(Actor.system(), () -> {
            int serial = 1;
            organization("济南市大数据局", OrganizationType.AUTHORITY, AuthorityLevel.CITY, null, "11370100", serial++);
            organization("济南市历下区大数据局", OrganizationType.AUTHORITY, AuthorityLevel.DISTRICT, null, "11370102", serial++);
            organization("济南市市中区大数据局", OrganizationType.AUTHORITY, AuthorityLevel.DISTRICT, null, "11370103", serial++);
            organization("济南市公安局", OrganizationType.PROVIDER, null, null, "11370100", serial++);
            organization("国家税务总局济南市税务局", OrganizationType.PROVIDER, null, null, "11370100", serial++);
            organization("济南市卫生健康委员会", OrganizationType.PROVIDER, null, null, "11370100", serial++);
            organization("济南市公安局交通警察支队", OrganizationType.PROVIDER, null, null, "11370100", serial++);
            organization("济南市市场监督管理局", OrganizationType.PROVIDER, null, null, "11370100", serial++);
            operator("泉城数据科技有限公司", "张伟", serial++);
            operator("齐鲁征信服务有限公司", "刘洋", serial++);
            organization("济南云维信息技术有限公司", OrganizationType.MAINTAINER, null, null, "91370100", serial++);
            organization("山东数据要素评估研究院", OrganizationType.EXPERT_INSTITUTION, null, null, "52370100", serial++);
            organization("济南市委网信办", OrganizationType.SUPERVISOR, null, SupervisorDepartment.CYBERSPACE, "11370100", serial++);
            organization("济南市人民政府", OrganizationType.GOVERNMENT, null, null, "11370100", serial++);
            organization("泉城商业银行股份有限公司", OrganizationType.CONSUMER, null, null, "91370100", serial++);
            for (DemoUser user : USERS.values()) {
                var organization = organizations.findByName(user.organization()).orElseThrow();
                identity.createUser(new CreateUser(organization.id(), user.username(), user.displayName(), password,
                        user.roles()));
            }
            return null;
        });
        log.info("Demo data loaded: {} organizations, {} users", organizations.count(), USERS.size());
    }

    private void organization(String name, OrganizationType type, @Nullable AuthorityLevel level,
            @Nullable SupervisorDepartment department, String prefix, int serial) {
        identity.registerOrganization(new RegisterOrganization(name, type, creditCode(prefix, serial), level,
                department, null));
    }

    private void operator(String name, String legalRepresentative, int serial) {
        identity.registerOrganization(new RegisterOrganization(name, OrganizationType.OPERATOR,
                creditCode("91370100", serial), null, null, legalRepresentative));
    }

    /** A valid code: the registration prefix, a nine-character organization code, the check character. */
    static String creditCode(String prefix, int serial) {
        String body = prefix + String.format("MA%07d", serial);
        return CreditCode.withCheckCharacter(body.substring(0, 17)).value();
    }
}
