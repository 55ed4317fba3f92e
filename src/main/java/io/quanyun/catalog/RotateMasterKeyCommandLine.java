package io.quanyun.catalog;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.catalog.vault.MasterKey;
import io.quanyun.catalog.vault.MasterKeyRotation;
import io.quanyun.catalog.vault.VaultException;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;

/**
 * {@code ./quanyun vault rotate-key}: rewraps every data key and the consent registry's subject-hash key under
 * the new master key in {@code QUANYUN_NEW_MASTER_KEY} (property {@code quanyun.vault.new-master-key}). Run it
 * with the application stopped. In development (no configured master key) the key file
 * {@code <data-dir>/keys/master.key} is replaced by the new key at the end; in production the operator
 * configures {@code QUANYUN_MASTER_KEY} with the new key afterwards. Audited as
 * {@code catalog.vault.rotate-master-key} with both key ids (never a key). Exit code 0 when done, 1 when the
 * rotation failed (run it again with the same keys to resume), 2 when the command was wrong.
 */
@Component
@ConditionalOnProperty(name = "quanyun.command", havingValue = "rotate-master-key")
class RotateMasterKeyCommandLine implements CommandLineRunner, ExitCodeGenerator {

    private final Path dataDirectory;
    private final MasterKey current;
    private final boolean developmentKeyFile;
    private final String nextKey;
    private final AuditTrail audit;
    private final @Nullable ConfigurableApplicationContext exitAfterRun;
    private int exitCode = 2;

    RotateMasterKeyCommandLine(@Value("${quanyun.data-dir}") String dataDirectory, MasterKey current,
            @Value("${quanyun.vault.master-key:}") String configuredKey,
            @Value("${quanyun.vault.new-master-key:}") String nextKey, AuditTrail audit,
            @Nullable ConfigurableApplicationContext exitAfterRun) {
        this.dataDirectory = Path.of(dataDirectory).toAbsolutePath();
        this.current = current;
        this.developmentKeyFile = configuredKey.isBlank();
        this.nextKey = nextKey;
        this.audit = audit;
        this.exitAfterRun = exitAfterRun;
    }

    @Override
    public void run(String... args) {
        exitCode = Actors.runAs(Actor.system(), this::rotate);
        if (exitAfterRun != null) {
            System.exit(SpringApplication.exit(exitAfterRun, this));
        }
    }

    int rotate() {
        MasterKey next;
        try {
            next = MasterKey.fromBase64(nextKey);
        } catch (IllegalArgumentException e) {
            System.err.println("quanyun vault rotate-key: QUANYUN_NEW_MASTER_KEY must be Base64 of 32 bytes "
                    + "(openssl rand -base64 32)");
            return 2;
        }
        if (next.id().equals(current.id())) {
            System.err.println("quanyun vault rotate-key: the new master key is the current one");
            return 2;
        }
        try {
            MasterKeyRotation.Report report = MasterKeyRotation.rotate(dataDirectory, current, next);
            if (developmentKeyFile) {
                replaceDevelopmentKey(nextKey.trim());
            }
            audit.recordIndependently(AuditEvent.success("catalog.vault.rotate-master-key", "vault", next.id())
                    .with("from", current.id()).with("to", next.id()).with("rewrapped", report.rewrapped())
                    .with("alreadyRotated", report.alreadyRotated())
                    .with("subjectHashKeyRewrapped", report.subjectHashKeyRewrapped()));
            System.out.printf("{\"from\":\"%s\",\"to\":\"%s\",\"rewrapped\":%d,\"alreadyRotated\":%d,"
                    + "\"subjectHashKeyRewrapped\":%s,\"developmentKeyFileReplaced\":%s}%n", current.id(), next.id(),
                    report.rewrapped(), report.alreadyRotated(), report.subjectHashKeyRewrapped(), developmentKeyFile);
            return 0;
        } catch (VaultException | IOException failed) {
            audit.recordIndependently(AuditEvent.refused("catalog.vault.rotate-master-key", "vault", next.id(),
                    "rotation_failed: " + (failed instanceof VaultException v ? v.error() : "IO")).with("from",
                    current.id()));
            System.err.println("quanyun vault rotate-key: the rotation stopped (" + failed.getMessage()
                    + "); run it again with the same keys to resume");
            return 1;
        }
    }

    /** Writes the new key beside the old file and renames it over it (0600). */
    private void replaceDevelopmentKey(String base64) throws IOException {
        Path file = dataDirectory.resolve("keys").resolve("master.key");
        Path replacement = file.resolveSibling("master.key.next");
        Files.deleteIfExists(replacement);
        Files.createFile(replacement, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(replacement, base64 + "\n", StandardCharsets.US_ASCII);
        Files.move(replacement, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }
}
