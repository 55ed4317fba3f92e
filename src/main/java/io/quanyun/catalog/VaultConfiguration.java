package io.quanyun.catalog;

import java.nio.file.Path;
import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.quanyun.catalog.vault.MasterKey;
import io.quanyun.catalog.vault.ScratchSpace;
import io.quanyun.catalog.vault.Vault;

/**
 * The vault under {@code <data-dir>/vault}. The master key comes from {@code quanyun.vault.master-key}
 * (base64 of 32 bytes; required by {@code ./quanyun start}); without it, as in {@code ./quanyun dev}, one is
 * generated once under {@code <data-dir>/keys/master.key} with owner-only permissions.
 */
@Configuration(proxyBeanMethods = false)
class VaultConfiguration {

    private static final Logger log = LoggerFactory.getLogger(VaultConfiguration.class);

    @Bean(destroyMethod = "")
    Vault vault(@Value("${quanyun.data-dir}") String dataDirectory,
            @Value("${quanyun.vault.master-key:}") String masterKey, Clock clock) {
        Path root = Path.of(dataDirectory).toAbsolutePath();
        MasterKey key;
        if (masterKey.isBlank()) {
            key = MasterKey.readOrGenerate(root.resolve("keys").resolve("master.key"));
            log.info("Vault master key {} read from the data directory (development mode)", key.id());
        } else {
            key = MasterKey.fromBase64(masterKey.trim());
        }
        return new Vault(root, key, ScratchSpace.memoryBacked(), clock);
    }
}
