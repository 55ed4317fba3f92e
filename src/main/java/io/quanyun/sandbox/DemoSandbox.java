package io.quanyun.sandbox;

import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.access.GrantDirectory;
import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.catalog.SubjectKind;
import io.quanyun.catalog.vault.DecryptedTable;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.identity.IdentityManagement;
import io.quanyun.shared.Zones;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import org.springframework.beans.factory.ObjectProvider;
import io.quanyun.identity.OrganizationView;
import io.quanyun.identity.UserView;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.OrganizationType;

/**
 * Demo: the demo user {@code operator} becomes a member of every workspace of its company's grants, so that
 * {@code ./quanyun dev} offers a working SQL workspace on the five demo tables; and, for each such grant with a
 * consent purpose and no consents yet, nine in ten demo persons consent to that purpose for the company (recorded
 * in the catalog's consent registry as by the authority), since such a grant sees only consenting subjects' rows.
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
    private final ObjectProvider<GrantDirectory> grants;
    private final ConsentRegistry consents;
    private final DatasetDirectory datasets;
    private final Vault vault;

    DemoSandbox(SandboxManagement sandbox, IdentityManagement identity, ObjectProvider<GrantDirectory> grants,
            ConsentRegistry consents, DatasetDirectory datasets, Vault vault) {
        this.sandbox = sandbox;
        this.identity = identity;
        this.grants = grants;
        this.consents = consents;
        this.datasets = datasets;
        this.vault = vault;
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
        GrantDirectory directory = grants.getIfAvailable();
        if (directory != null) {
            directory.activeFor(company.id()).stream().filter(g -> g.consentPurpose() != null)
                    .forEach(this::recordDemoConsents);
        }
    }

    private void recordDemoConsents(GrantDescriptor grant) {
        String purpose = grant.consentPurpose();
        Actors.runAs(Actor.system(), () -> {
            if (!consents.consentingSubjects(purpose, grant.operatorId()).isEmpty()) {
                return null;
            }
            DatasetDescriptor person = datasets.findByCode("person").orElse(null);
            if (person == null || person.currentVersion() == null) {
                return null;
            }
            var csv = new StringBuilder("identifier\n");
            try (DecryptedTable table = vault.open(person.id().toString(), person.currentVersion());
                    Connection connection = DriverManager.getConnection("jdbc:duckdb:");
                    Statement statement = connection.createStatement()) {
                String file = "'" + table.path().toString().replace("'", "''") + "'";
                statement.execute("SET allowed_paths = [" + file + "]");
                statement.execute("SET max_temp_directory_size = '0B'"); // never spill plaintext to disk
                statement.execute("SET enable_external_access = false");
                try (ResultSet ids = statement.executeQuery("SELECT id_no FROM read_parquet(" + file
                        + ") WHERE hash(id_no) % 10 <> 0")) {
                    while (ids.next()) {
                        csv.append(ids.getString(1)).append('\n');
                    }
                }
                LocalDate until = LocalDate.ofInstant(grant.expiresAt(), Zones.SHANGHAI);
                int recorded = consents.recordAll(SubjectKind.PERSON, purpose, grant.operatorId(), null, until,
                        new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8))).recorded();
                log.info("Demo sandbox: {} persons consented to '{}' for {}", recorded, purpose, OPERATOR);
            } catch (SQLException | RuntimeException e) {
                log.warn("Demo consents were not recorded: {}", e.getMessage());
            }
            return null;
        });
    }
}
