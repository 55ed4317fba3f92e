package io.quanyun.catalog;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.catalog.vault.Vault;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;

/**
 * At startup, settles the vault versions that a crash left between the vault's preparation and publication
 * (see {@link CatalogManagement#ingest}): a version the catalog recorded is published, any other deleted, so
 * no unrecorded version can ever serve. Each settled version is audited.
 */
@Component
class VaultRecovery {

    private static final Logger log = LoggerFactory.getLogger(VaultRecovery.class);

    private final Vault vault;
    private final CatalogManagement catalog;
    private final AuditTrail audit;

    VaultRecovery(Vault vault, CatalogManagement catalog, AuditTrail audit) {
        this.vault = vault;
        this.catalog = catalog;
        this.audit = audit;
    }

    @EventListener(ContextRefreshedEvent.class)
    void settlePreparedVersions() {
        settle();
    }

    /** @return one line per settled version */
    List<String> settle() {
        return Actors.runAs(Actor.system(), () -> {
            List<String> settled = vault.recoverPrepared(catalog::recorded);
            for (String line : settled) {
                log.warn("Vault recovery: {}", line);
                audit.recordIndependently(AuditEvent.success("catalog.vault.recover", "dataset",
                        line.substring(0, line.indexOf(' '))).with("settled", line));
            }
            return settled;
        });
    }
}
