package io.quanyun.authorization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Files of the authorization procedure (applicants' documents, rendered agreements), stored inside the platform
 * under {@code quanyun.data-dir/authorization}. Names are chosen by the platform, never by the uploader.
 */
@Component
class DocumentStore {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._-]{1,200}");

    private final Path root;

    DocumentStore(@Value("${quanyun.data-dir:./data}") String dataDirectory) {
        this.root = Path.of(dataDirectory).toAbsolutePath().normalize().resolve("authorization");
    }

    void write(String folder, String name, byte[] content) {
        Path target = resolve(folder, name);
        try {
            Files.createDirectories(target.getParent());
            Path temporary = Files.createTempFile(target.getParent(), "upload", ".tmp");
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not store " + folder + "/" + name, e);
        }
    }

    byte[] read(String folder, String name) {
        try {
            return Files.readAllBytes(resolve(folder, name));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + folder + "/" + name, e);
        }
    }

    /** The path of a stored file (tests use it to tamper with a document). */
    Path resolve(String folder, String name) {
        for (String part : folder.split("/")) {
            if (!SAFE.matcher(part).matches() || part.equals("..")) {
                throw new IllegalArgumentException("unsafe folder");
            }
        }
        if (!SAFE.matcher(name).matches() || name.contains("..")) {
            throw new IllegalArgumentException("unsafe name");
        }
        Path path = root.resolve(folder).resolve(name).normalize();
        if (!path.startsWith(root)) {
            throw new IllegalArgumentException("outside the store");
        }
        return path;
    }
}
