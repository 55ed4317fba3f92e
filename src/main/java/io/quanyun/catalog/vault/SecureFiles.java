package io.quanyun.catalog.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files and directories readable by the owner only, and their removal. */
final class SecureFiles {

    static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private SecureFiles() {
    }

    static FileAttribute<Set<PosixFilePermission>> ownerFile() {
        return PosixFilePermissions.asFileAttribute(OWNER_FILE);
    }

    /** Creates a new empty file with mode 0600; fails if it exists. */
    static Path createFile(Path file) throws IOException {
        return Files.createFile(file, ownerFile());
    }

    /** Creates a new directory with mode 0700; fails if it exists. */
    static Path createDirectory(Path directory) throws IOException {
        return Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
    }

    /** Creates the directory and missing parents with mode 0700 (existing ones are left as they are). */
    static Path createDirectories(Path directory) throws IOException {
        return Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
    }

    /** Flushes a file or directory to disk. */
    static void sync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    /** Deletes a file or a directory tree if present; never throws. */
    static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the caller is already failing or cleaning up
        }
    }

    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exception) throws IOException {
                if (exception instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exception;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException exception) throws IOException {
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
