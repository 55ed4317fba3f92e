package io.quanyun.console;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start the production profile on embedded defaults: it needs an external PostgreSQL, a changed
 * database password, a vault master key, and no demo password. Runs before any connection is made.
 */
public final class ProductionGuard implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {

    /** Thrown with every unmet requirement listed. */
    public static final class NotReadyForProduction extends IllegalStateException {
        NotReadyForProduction(List<String> problems) {
            super("Quanyun refuses to start in production:\n  - " + String.join("\n  - ", problems));
        }
    }

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        ConfigurableEnvironment environment = event.getEnvironment();
        if (!Arrays.asList(environment.getActiveProfiles()).contains("prod")) {
            return;
        }
        List<String> problems = problems(environment);
        if (!problems.isEmpty()) {
            throw new NotReadyForProduction(problems);
        }
    }

    static List<String> problems(ConfigurableEnvironment environment) {
        List<String> problems = new ArrayList<>();
        String url = environment.getProperty("spring.datasource.url", "");
        if (!url.startsWith("jdbc:postgresql:")) {
            problems.add("QUANYUN_DB_URL must point to an external PostgreSQL (jdbc:postgresql://...)");
        }
        String password = environment.getProperty("spring.datasource.password", "");
        if (password.isBlank() || List.of("postgres", "quanyun", "password", "sa").contains(password)) {
            problems.add("QUANYUN_DB_PASSWORD must be set to a non-default secret");
        }
        String masterKey = environment.getProperty("quanyun.vault.master-key", "");
        if (masterKey.isBlank()) {
            problems.add("QUANYUN_MASTER_KEY must be set (base64 of 32 random bytes) for the vault");
        }
        if (System.getenv("QUANYUN_DEMO_PASSWORD") != null
                || environment.getProperty("quanyun.demo.enabled", Boolean.class, false)) {
            problems.add("demo data and QUANYUN_DEMO_PASSWORD are not allowed in production: unset them");
        }
        return problems;
    }
}
