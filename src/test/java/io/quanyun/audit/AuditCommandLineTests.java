package io.quanyun.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.quanyun.QuanyunApplication;

/** {@code ./quanyun audit verify}: the application runs as a command without the web layer and exits 0. */
class AuditCommandLineTests {

    @Test
    void auditVerify_printsJson_andExitsZeroOnAWholeChain() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exitCode;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(QuanyunApplication.class)
                    .web(WebApplicationType.NONE)
                    .properties("quanyun.command=audit-verify", "spring.main.banner-mode=off")
                    .run();
            exitCode = SpringApplication.exit(context);
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertThat(exitCode).isZero();
        assertThat(output).containsPattern("\\{\"valid\":true,\"entries\":\\d+,\"firstBroken\":null}");
    }

    @Test
    void json_namesTheBrokenEntry() {
        String json = AuditCommandLine.json(new AuditVerification(false, 12,
                new AuditVerification.BrokenEntry(7, "hash_mismatch", "identity.user.create", "2026-11-28T10:00:00.000+08:00")));
        assertThat(json).isEqualTo("{\"valid\":false,\"entries\":12,\"firstBroken\":{\"sequence\":7,"
                + "\"problem\":\"hash_mismatch\",\"action\":\"identity.user.create\","
                + "\"occurredAt\":\"2026-11-28T10:00:00.000+08:00\"}}");
    }
}
