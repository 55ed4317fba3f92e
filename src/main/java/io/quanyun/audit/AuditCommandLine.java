package io.quanyun.audit;

import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/** {@code ./quanyun audit verify}: prints the verification as JSON; exit code 1 when the chain is broken. */
@Component
@ConditionalOnProperty(name = "quanyun.command", havingValue = "audit-verify")
class AuditCommandLine implements CommandLineRunner, ExitCodeGenerator {

    private final AuditManagement audit;
    private int exitCode = 2;

    AuditCommandLine(AuditManagement audit) {
        this.audit = audit;
    }

    @Override
    public void run(String... args) {
        AuditVerification result = audit.check();
        System.out.println(json(result));
        exitCode = result.valid() ? 0 : 1;
    }

    static String json(AuditVerification result) {
        String broken = result.firstBroken() == null ? "null"
                : String.format("{\"sequence\":%d,\"problem\":\"%s\",\"action\":\"%s\",\"occurredAt\":\"%s\"}",
                        result.firstBroken().sequence(), result.firstBroken().problem(),
                        result.firstBroken().action().replace("\"", "\\\""), result.firstBroken().occurredAt());
        return String.format("{\"valid\":%s,\"entries\":%d,\"firstBroken\":%s}", result.valid(), result.entries(),
                broken);
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
