package io.quanyun.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quanyun.sandbox.engine.DuckDbEngine;
import io.quanyun.sandbox.engine.DuckDbSettings;
import io.quanyun.sandbox.privacy.RandomSource;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade and the engine's workspace databases: a workspace's queries share one database, a stopped (suspended or
 * ended) grant's database is closed and none is opened for it until it is restored, and a grant that changed gets a
 * new database.
 */
class SandboxWorkspaceDatabaseTests {

    static Map<String, Path> files;

    @BeforeAll
    static void writeDemoData(@TempDir Path directory) {
        files = DemoData.write(directory);
    }

    final DuckDbEngine engine = new DuckDbEngine(DuckDbSettings.defaults());
    final SandboxQueries sandbox = new SandboxQueries(engine, RandomSource.of(new DeterministicSecureRandom(11)));

    @AfterEach
    void closeEngine() {
        engine.close();
    }

    private QueryResult run(SandboxGrant grant, String workspace, String sql) {
        return sandbox.run(QueryRequest.of(grant, files, sql).inWorkspace(workspace));
    }

    @Test
    void aWorkspacesQueries_shareOneDatabase_andAStoppedGrantsDatabaseIsClosed() {
        SandboxGrant grant = new SandboxGrant("grant-workspace-db", DemoData.tables(),
                SandboxPolicy.threshold(DemoData.bounds()));
        run(grant, "ws-1", "SELECT district, COUNT(*) AS n FROM person GROUP BY district");
        run(grant, "ws-1", "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender");
        run(grant, "ws-1", "SELECT p.district, SUM(i.amount) AS total FROM person p JOIN income i ON i.id_no = p.id_no "
                + "GROUP BY p.district");
        assertThat(engine.databasesCreated()).isEqualTo(1);
        assertThat(engine.openDatabases()).isEqualTo(1);

        sandbox.stop(grant.grantId());
        assertThat(engine.openDatabases()).isZero();
        assertThatThrownBy(() -> run(grant, "ws-1", "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender"))
                .isInstanceOfSatisfying(QueryFailed.class,
                        e -> assertThat(e.reason()).isEqualTo(QueryFailed.Reason.CANCELLED));
        assertThat(engine.openDatabases()).as("a stopped grant keeps no database open").isZero();

        sandbox.resume(grant.grantId());
        assertThat(run(grant, "ws-1", "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender").rows()).hasSize(2);
        assertThat(engine.databasesCreated()).isEqualTo(2);
    }

    @Test
    void aGrantThatChanged_getsANewDatabase_otherWorkspacesKeepTheirs() {
        SandboxGrant before = new SandboxGrant("grant-changes", DemoData.tables(),
                SandboxPolicy.threshold(DemoData.bounds()));
        SandboxGrant other = new SandboxGrant("grant-unchanged", DemoData.tables(),
                SandboxPolicy.threshold(DemoData.bounds()));
        run(before, "ws-changes", "SELECT district, COUNT(*) AS n FROM person GROUP BY district");
        run(other, "ws-unchanged", "SELECT district, COUNT(*) AS n FROM person GROUP BY district");
        assertThat(engine.databasesCreated()).isEqualTo(2);
        // the same grant with the person table only: its fields changed
        SandboxGrant after = new SandboxGrant("grant-changes", DemoData.tables().subList(0, 1),
                SandboxPolicy.threshold(DemoData.bounds()));
        run(after, "ws-changes", "SELECT district, COUNT(*) AS n FROM person GROUP BY district");
        assertThat(engine.databasesCreated()).isEqualTo(3);
        assertThat(engine.openDatabases()).isEqualTo(2);
        run(other, "ws-unchanged", "SELECT gender, COUNT(*) AS n FROM person GROUP BY gender");
        assertThat(engine.databasesCreated()).isEqualTo(3);
    }
}
