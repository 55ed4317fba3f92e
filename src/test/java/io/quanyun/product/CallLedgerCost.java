package io.quanyun.product;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.quanyun.audit.AuditTrail;
import io.quanyun.shared.Actor;
import io.quanyun.shared.OrganizationType;

/**
 * Harness (not a test): the CPU the whole process spends per metered and audited call on the write side alone,
 * {@link CallLedger} writing to a fresh H2 file database with the application's schema, with no HTTP, checks or
 * load generator in the way. Process CPU is counted over the measured seconds (after a warm-up) and divided by the
 * calls committed, so a loaded machine makes the figure noisier but not larger by itself.
 *
 * <pre>
 * ./mvnw -q -o test-compile && java -cp target/test-classes:target/classes:$(cat target/cp.txt) \
 *     io.quanyun.product.CallLedgerCost DIR [SECONDS] [CALLERS] [v4|v7]
 * </pre>
 */
public final class CallLedgerCost {

    private CallLedgerCost() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int callers = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        boolean timeOrdered = args.length <= 3 || !"v4".equals(args[3]);
        Files.createDirectories(dir);
        String url = System.getProperty("url", "jdbc:h2:file:" + dir.toAbsolutePath().resolve("ledger")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(System.getProperty("user", "sa"));
        config.setPassword(System.getProperty("password", ""));
        config.setMaximumPoolSize(4);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            String vendor = url.startsWith("jdbc:postgresql") ? "postgresql" : "h2";
            Flyway.configure().dataSource(dataSource)
                    .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                    .outOfOrder(true).load().migrate();
            run(dataSource, seconds, callers, timeOrdered);
        }
    }

    private static void run(DataSource dataSource, int seconds, int callers, boolean timeOrdered) throws Exception {
        PlatformTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        JdbcTemplate template = new JdbcTemplate(dataSource);
        var constructor = Class.forName("io.quanyun.audit.JdbcAuditTrail").getDeclaredConstructor(JdbcClient.class,
                JdbcTemplate.class, Clock.class, PlatformTransactionManager.class);
        constructor.setAccessible(true);
        AuditTrail audit = (AuditTrail) constructor.newInstance(JdbcClient.create(dataSource), template,
                Clock.systemUTC(), transactions);
        if (Boolean.getBoolean("noindex")) {
            template.execute("drop index product_call_subscription_idx");
            template.execute("drop index product_call_product_idx");
        }
        if (Boolean.getBoolean("noaudit")) {
            AuditTrail real = audit;
            audit = (AuditTrail) java.lang.reflect.Proxy.newProxyInstance(AuditTrail.class.getClassLoader(),
                    new Class<?>[] {AuditTrail.class}, (proxy, method, arguments) ->
                            method.getName().equals("recordAll") ? null : method.invoke(real, arguments));
        }
        CallLedger ledger = new CallLedger(template, audit, transactions);
        UUID productId = UUID.randomUUID();
        UUID subscriptionId = UUID.randomUUID();
        UUID keyId = UUID.randomUUID();
        UUID consumerId = UUID.randomUUID();
        Actor caller = new Actor(null, "api-key:" + keyId, consumerId, "示范银行 Demo Bank", OrganizationType.CONSUMER,
                Set.of(), "127.0.0.1");
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder calls = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < callers; t++) {
            Thread thread = new Thread(() -> {
                java.util.Random random = new java.util.Random();
                while (!stop.get()) {
                    Instant at = Instant.now();
                    UUID id = timeOrdered ? ProductCalls.newCallId(at.toEpochMilli()) : UUID.randomUUID();
                    String subjectHash = Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong())
                            + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
                    ledger.record(new CallLedger.CallRecord(id, productId, subscriptionId, keyId, consumerId, at,
                            CallOutcome.ANSWERED, "MATCH", subjectHash, caller, null, null));
                    calls.increment();
                }
            }, "caller-" + t);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        Thread.sleep(Math.min(10, seconds) * 1000L);
        for (int round = 0; round < 3; round++) {
            long cpu0 = os.getProcessCpuTime();
            long calls0 = calls.sum();
            Map<String, Long> byThread0 = cpuByThreadGroup(threadBean);
            long wall0 = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long wall = System.nanoTime() - wall0;
            long done = calls.sum() - calls0;
            long cpu = os.getProcessCpuTime() - cpu0;
            Map<String, Long> byThread = cpuByThreadGroup(threadBean);
            StringBuilder split = new StringBuilder();
            byThread.forEach((group, ns) -> split.append(String.format(" %s=%.3f", group,
                    (ns - byThread0.getOrDefault(group, 0L)) / 1e6 / Math.max(1, done))));
            System.out.printf("%s ids, %d callers: %,.0f calls/s, process CPU %.3f ms/call (%s), load %.2f%n",
                    timeOrdered ? "v7" : "v4", callers, done / (wall / 1e9), cpu / 1e6 / Math.max(1, done), split.toString().trim(),
                    os.getSystemLoadAverage());
        }
        stop.set(true);
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        ledger.destroy();
        Long rows = template.queryForObject("select count(*) from product_call", Long.class);
        Long entries = template.queryForObject("select count(*) from audit_entry", Long.class);
        System.out.printf("rows %,d, audit entries %,d%n", rows, entries);
    }

    private static Map<String, Long> cpuByThreadGroup(ThreadMXBean bean) {
        Map<String, Long> groups = new TreeMap<>();
        for (var info : bean.getThreadInfo(bean.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long ns = bean.getThreadCpuTime(info.getThreadId());
            if (ns < 0) {
                continue;
            }
            String name = info.getThreadName();
            String group = name.startsWith("caller-") ? "callers"
                    : name.equals("product-call-ledger") ? "ledger"
                    : name.startsWith("MVStore") ? "h2-writer" : "other";
            groups.merge(group, ns, Long::sum);
        }
        return groups;
    }
}
