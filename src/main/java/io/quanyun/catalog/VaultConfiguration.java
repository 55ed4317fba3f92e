package io.quanyun.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.servlet.autoconfigure.MultipartProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.quanyun.catalog.vault.MasterKey;
import io.quanyun.catalog.vault.ScratchSpace;
import io.quanyun.catalog.vault.Vault;
import jakarta.servlet.MultipartConfigElement;

/**
 * The vault under {@code <data-dir>/vault}. The master key comes from {@code quanyun.vault.master-key}
 * (base64 of 32 bytes; required by {@code ./quanyun start}); without it, as in {@code ./quanyun dev}, one is
 * generated once under {@code <data-dir>/keys/master.key} with owner-only permissions.
 *
 * <p>Uploads are public data in plaintext: the servlet container buffers multipart files in a private
 * directory of the memory-backed scratch space ({@code /dev/shm}), never on persistent disk.
 */
@Configuration(proxyBeanMethods = false)
class VaultConfiguration {

    private static final Logger log = LoggerFactory.getLogger(VaultConfiguration.class);

    @Bean
    MasterKey masterKey(@Value("${quanyun.data-dir}") String dataDirectory,
            @Value("${quanyun.vault.master-key:}") String masterKey) {
        if (masterKey.isBlank()) {
            MasterKey key = MasterKey.readOrGenerate(Path.of(dataDirectory).toAbsolutePath().resolve("keys")
                    .resolve("master.key"));
            log.info("Vault master key {} read from the data directory (development mode)", key.id());
            return key;
        }
        return MasterKey.fromBase64(masterKey.trim());
    }

    @Bean
    ScratchSpace scratchSpace() {
        return ScratchSpace.memoryBacked();
    }

    @Bean(destroyMethod = "")
    Vault vault(@Value("${quanyun.data-dir}") String dataDirectory, MasterKey masterKey, ScratchSpace scratch,
            Clock clock) {
        return new Vault(Path.of(dataDirectory).toAbsolutePath(), masterKey, scratch, clock);
    }

    /** Multipart uploads are buffered in memory-backed scratch space, like every other plaintext. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    MultipartConfigElement multipartConfigElement(ObjectProvider<MultipartProperties> configured, ScratchSpace scratch)
            throws IOException {
        MultipartProperties properties = configured.getIfAvailable(MultipartProperties::new);
        Path uploads = scratch.root().resolve("uploads");
        Files.createDirectories(uploads);
        properties.setLocation(uploads.toString());
        return properties.createMultipartConfig();
    }
}
