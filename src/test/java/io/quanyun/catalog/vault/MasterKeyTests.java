package io.quanyun.catalog.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.crypto.Digest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTests {

    @TempDir
    Path directory;

    @Test
    void generateInto_writesAnOwnerOnlyFileThatReadsBackAsTheSameKey() throws Exception {
        Path file = directory.resolve("keys/master.key");

        MasterKey generated = MasterKey.generateInto(file);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).hasSize(32);
        assertThat(MasterKey.readFrom(file).id()).isEqualTo(generated.id());
        assertThat(MasterKey.readOrGenerate(file).id()).isEqualTo(generated.id());
    }

    @Test
    void generateInto_anExistingFile_isRefused() {
        Path file = directory.resolve("master.key");
        MasterKey.generateInto(file);

        assertThatThrownBy(() -> MasterKey.generateInto(file))
                .isInstanceOfSatisfying(VaultException.class, e -> assertThat(e.error()).isEqualTo(VaultError.IO));
    }

    @Test
    void fromBase64_ofWrongLengthOrText_isRefusedWithoutEchoingIt() {
        String sixteenBytes = Base64.getEncoder().encodeToString(new byte[16]);

        assertThatThrownBy(() -> MasterKey.fromBase64(sixteenBytes)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(sixteenBytes);
        assertThatThrownBy(() -> MasterKey.fromBase64("not base64 at all!")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("not base64");
    }

    @Test
    void toString_showsTheIdOnly() {
        String base64 = Base64.getEncoder().encodeToString(new byte[32]);
        MasterKey key = MasterKey.fromBase64(base64);

        assertThat(key.toString()).isEqualTo("MasterKey[id=" + key.id() + "]").doesNotContain(base64);
        assertThat(key.keyEncryptionKey()).hasSize(16);
    }

    @Test
    void sm3_matchesTheStandardTestVector() {
        Digest sm3 = Digests.sm3();
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        sm3.update(abc, 0, abc.length);

        assertThat(Digests.hex(sm3)).isEqualTo("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
    }

    @Test
    void sm3Kdf_isTheConcatenationOfCountedDigests() {
        byte[] secret = {1, 2, 3};
        Digest first = Digests.sm3();
        first.update(new byte[] {1, 2, 3, 'x', 0, 0, 0, 1}, 0, 8);
        Digest second = Digests.sm3();
        second.update(new byte[] {1, 2, 3, 'x', 0, 0, 0, 2}, 0, 8);

        String expected = Digests.hex(first) + Digests.hex(second).substring(0, 8);

        assertThat(HexFormat.of().formatHex(Digests.sm3Kdf(secret, "x", 36))).isEqualTo(expected);
    }
}
