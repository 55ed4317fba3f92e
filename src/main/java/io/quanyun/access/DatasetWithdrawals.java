package io.quanyun.access;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.quanyun.catalog.DatasetWithdrawn;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;

/** A dataset left the catalog: every live grant that includes it ends. */
@Component
class DatasetWithdrawals {

    private static final Logger log = LoggerFactory.getLogger(DatasetWithdrawals.class);

    private final AccessManagement access;

    DatasetWithdrawals(AccessManagement access) {
        this.access = access;
    }

    @ApplicationModuleListener
    void on(DatasetWithdrawn event) {
        int ended = Actors.runAs(Actor.system(), () -> access.endGrantsOfDataset(event.datasetId(), event.reason()));
        log.info("Dataset {} withdrawn: {} grants ended", event.code(), ended);
    }
}
