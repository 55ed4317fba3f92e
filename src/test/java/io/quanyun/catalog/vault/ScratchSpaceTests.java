package io.quanyun.catalog.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchSpaceTests {

    @TempDir
    Path directory;

    @Test
    void memoryBacked_isAPrivateDirectoryOnTmpfs() throws Exception {
        ScratchSpace scratch = ScratchSpace.memoryBacked();
        try {
            assertThat(scratch.isMemoryBacked()).isTrue();
            assertThat(Files.getFileStore(scratch.root()).type()).isEqualTo("tmpfs");
            assertThat(Files.getPosixFilePermissions(scratch.root())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        } finally {
            SecureFiles.deleteRecursively(scratch.root());
        }
    }

    @Test
    void memoryBacked_removesDirectoriesLeftByProcessesThatNoLongerRun() throws Exception {
        Path abandoned = Path.of("/dev/shm/quanyun-vault-99999999-0123456789abcdef");
        SecureFiles.createDirectory(abandoned);
        Files.writeString(abandoned.resolve("data.parquet"), "plaintext");
        Path alive = Path.of("/dev/shm/quanyun-vault-" + ProcessHandle.current().pid() + "-fedcba9876543210");
        SecureFiles.createDirectory(alive);

        ScratchSpace scratch = ScratchSpace.memoryBacked();
        try {
            assertThat(abandoned).doesNotExist();
            assertThat(alive).exists();
        } finally {
            SecureFiles.deleteRecursively(scratch.root());
            SecureFiles.deleteRecursively(alive);
            SecureFiles.deleteRecursively(abandoned);
        }
    }

    @Test
    void memoryBacked_onAMissingDirectory_isRefused() {
        assertThatThrownBy(() -> ScratchSpace.memoryBacked(directory.resolve("missing")))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.error()).isEqualTo(VaultError.IO));
    }

    @Test
    void memoryBacked_onPersistentDisk_isRefused() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.getFileStore(directory).type().equals("tmpfs"),
                "the temporary directory is itself on tmpfs here");

        assertThatThrownBy(() -> ScratchSpace.memoryBacked(directory))
                .isInstanceOf(VaultException.class).hasMessageContaining("not tmpfs");
    }

    @Test
    void unsafeDiskDirectoryForTestsOnly_saysSo() {
        ScratchSpace scratch = ScratchSpace.unsafeDiskDirectoryForTestsOnly(directory);

        assertThat(scratch.isMemoryBacked()).isFalse();
        assertThat(scratch.toString()).contains("UNSAFE");
    }
}
