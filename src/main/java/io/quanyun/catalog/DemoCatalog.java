package io.quanyun.catalog;

import static io.quanyun.catalog.Classification.GENERAL;
import static io.quanyun.catalog.Classification.IMPORTANT;
import static io.quanyun.catalog.DisclosureRole.DIRECT_IDENTIFIER;
import static io.quanyun.catalog.DisclosureRole.PLAIN_ATTRIBUTE;
import static io.quanyun.catalog.DisclosureRole.QUASI_IDENTIFIER;
import static io.quanyun.catalog.DisclosureRole.SENSITIVE_ATTRIBUTE;
import static io.quanyun.catalog.PersonalInformation.NONE;
import static io.quanyun.catalog.PersonalInformation.PERSONAL;
import static io.quanyun.catalog.PersonalInformation.SENSITIVE;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.quanyun.identity.IdentityManagement;
import io.quanyun.identity.OrganizationView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;

/**
 * The five demo datasets for {@code ./quanyun dev}, registered, reviewed and published when the catalog is
 * empty: person (市公安局), income (市税务局), clinic_visit (市卫健委), vehicle (市公安局交警支队), enterprise
 * (市市场监管局). Their values are generated and ingested into the vault separately.
 */
@Component
@Order(10)
@ConditionalOnProperty(name = "quanyun.demo.enabled", havingValue = "true")
class DemoCatalog implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoCatalog.class);

    private final CatalogManagement catalog;
    private final IdentityManagement identity;
    private final Datasets datasets;

    DemoCatalog(CatalogManagement catalog, IdentityManagement identity, Datasets datasets) {
        this.catalog = catalog;
        this.identity = identity;
        this.datasets = datasets;
    }

    /** The districts and counties of Jinan, the values a district field may take. */
    static final List<String> DISTRICTS = List.of("历下区", "市中区", "槐荫区", "天桥区", "历城区", "长清区", "章丘区",
            "济阳区", "莱芜区", "钢城区", "平阴县", "商河县");

    /** The demo datasets' registrations, in a fixed order, with their declared validity rules. */
    static List<Registration> registrations() {
        FieldRules idCard = FieldRules.of(ValidityRule.ID_CARD_NUMBER);
        FieldRules pastDate = new FieldRules(null, null, "1900-01-01", "today", List.of());
        FieldRules districts = new FieldRules(null, null, null, null, DISTRICTS);
        return List.of(
                new Registration("济南市公安局", new RegisterDataset("person", "常住人口基本信息",
                        "全市常住人口的基本身份信息（合成演示数据）", Set.of(Domain.PUBLIC_GOVERNANCE), "DAILY", List.of(
                        field("id_no", "公民身份号码", "STRING", IMPORTANT, SENSITIVE, DIRECT_IDENTIFIER, true, idCard),
                        field("name", "姓名", "STRING", IMPORTANT, PERSONAL, DIRECT_IDENTIFIER, false, FieldRules.NONE),
                        field("gender", "性别", "STRING", GENERAL, PERSONAL, QUASI_IDENTIFIER, false,
                                new FieldRules(null, null, null, null, List.of("男", "女"))),
                        field("birth_date", "出生日期", "DATE", GENERAL, PERSONAL, QUASI_IDENTIFIER, false, pastDate),
                        field("district", "区县", "STRING", GENERAL, PERSONAL, QUASI_IDENTIFIER, false, districts),
                        field("address", "住址", "STRING", IMPORTANT, PERSONAL, DIRECT_IDENTIFIER, false,
                                new FieldRules(null, "山东省济南市.+", null, null, List.of())),
                        field("phone", "联系电话", "STRING", IMPORTANT, PERSONAL, DIRECT_IDENTIFIER, false,
                                FieldRules.of(ValidityRule.PHONE))))),
                new Registration("国家税务总局济南市税务局", new RegisterDataset("income", "个人年度收入",
                        "个人所得税汇算的年度收入额（合成演示数据）", Set.of(Domain.FINANCE, Domain.CREDIT), "YEARLY", List.of(
                        field("id_no", "公民身份号码", "STRING", IMPORTANT, SENSITIVE, DIRECT_IDENTIFIER, true, idCard),
                        field("year", "年度", "INTEGER", GENERAL, NONE, PLAIN_ATTRIBUTE, false,
                                new FieldRules(ValidityRule.DATE_RANGE, null, "2000", null, List.of())),
                        field("amount", "年收入（元）", "DECIMAL", IMPORTANT, SENSITIVE, SENSITIVE_ATTRIBUTE, false,
                                new FieldRules(null, null, "0", null, List.of()))))),
                new Registration("济南市卫生健康委员会", new RegisterDataset("clinic_visit", "门诊就诊记录",
                        "医疗机构门诊就诊记录（合成演示数据）", Set.of(Domain.HEALTH), "DAILY", List.of(
                        field("id_no", "公民身份号码", "STRING", IMPORTANT, SENSITIVE, DIRECT_IDENTIFIER, true, idCard),
                        field("visit_date", "就诊日期", "DATE", GENERAL, PERSONAL, QUASI_IDENTIFIER, false,
                                new FieldRules(null, null, "2000-01-01", "today", List.of())),
                        field("hospital", "医疗机构", "STRING", GENERAL, NONE, PLAIN_ATTRIBUTE, false, FieldRules.NONE),
                        field("diagnosis_code", "诊断编码（ICD-10）", "STRING", IMPORTANT, SENSITIVE,
                                SENSITIVE_ATTRIBUTE, false,
                                new FieldRules(null, "[A-Z][0-9]{2}(\\.[0-9]{1,2})?", null, null, List.of()))))),
                new Registration("济南市公安局交通警察支队", new RegisterDataset("vehicle", "机动车登记信息",
                        "机动车注册登记信息（合成演示数据）", Set.of(Domain.TRANSPORT, Domain.FINANCE), "DAILY", List.of(
                        field("plate", "号牌号码", "STRING", GENERAL, PERSONAL, DIRECT_IDENTIFIER, false,
                                new FieldRules(null, "鲁A[A-HJ-NP-Z0-9]{5}", null, null, List.of())),
                        field("owner_id_no", "所有人身份号码", "STRING", IMPORTANT, SENSITIVE, DIRECT_IDENTIFIER, true,
                                idCard),
                        field("brand", "品牌", "STRING", GENERAL, NONE, PLAIN_ATTRIBUTE, false, FieldRules.NONE),
                        field("reg_date", "注册日期", "DATE", GENERAL, NONE, QUASI_IDENTIFIER, false, pastDate)))),
                new Registration("济南市市场监督管理局", new RegisterDataset("enterprise", "市场主体登记信息",
                        "企业登记注册信息（合成演示数据）", Set.of(Domain.CREDIT, Domain.FINANCE), "DAILY", List.of(
                        field("credit_code", "统一社会信用代码", "STRING", GENERAL, NONE, DIRECT_IDENTIFIER, true,
                                FieldRules.of(ValidityRule.CREDIT_CODE)),
                        field("name", "企业名称", "STRING", GENERAL, NONE, DIRECT_IDENTIFIER, false, FieldRules.NONE),
                        field("district", "区县", "STRING", GENERAL, NONE, QUASI_IDENTIFIER, false, districts),
                        field("reg_capital", "注册资本（万元）", "DECIMAL", GENERAL, NONE, SENSITIVE_ATTRIBUTE, false,
                                new FieldRules(null, null, "0", null, List.of())),
                        field("legal_person_id_no", "法定代表人身份号码", "STRING", IMPORTANT, SENSITIVE,
                                DIRECT_IDENTIFIER, false, idCard)))));
    }

    record Registration(String providerName, RegisterDataset dataset) {
    }

    @Override
    public void run(ApplicationArguments args) {
        if (datasets.count() > 0) {
            return;
        }
        Actors.runAs(Actor.system(), () -> {
            List<OrganizationView> providers = identity.organizationsOfType(OrganizationType.PROVIDER);
            for (Registration registration : registrations()) {
                UUID provider = providers.stream().filter(p -> p.name().equals(registration.providerName()))
                        .map(OrganizationView::id).findFirst().orElseThrow();
                DatasetDescriptor dataset = catalog.registerDataset(provider, registration.dataset());
                catalog.submit(dataset.id());
                catalog.publish(dataset.id());
            }
            return null;
        });
        log.info("Demo catalog loaded: {} datasets published", datasets.count());
    }

    private static FieldSpecification field(String name, String label, String type, Classification classification,
            PersonalInformation personal, DisclosureRole role, boolean unit, FieldRules rules) {
        return new FieldSpecification(name, label, type, true, classification, personal, role, unit, rules);
    }
}
