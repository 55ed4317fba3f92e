package io.quanyun.product;

import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import io.quanyun.access.GrantEnded;
import io.quanyun.access.GrantRestored;
import io.quanyun.access.GrantSuspended;
import io.quanyun.catalog.DatasetVersionPublished;

/** Products follow their grant (suspended: suspended at once; restored: listed again; ended: delisted) and their data. */
@Component
class ProductReactions {

    private final ProductManagement products;

    ProductReactions(ProductManagement products) {
        this.products = products;
    }

    @ApplicationModuleListener
    void on(GrantSuspended event) {
        products.suspendForGrant(event.grantId(), "grant suspended: " + event.reason());
    }

    /** An ended grant (expiry, termination of its agreement) never comes back: its products are delisted. */
    @ApplicationModuleListener
    void on(GrantEnded event) {
        products.delistForGrant(event.grantId(), "grant ended: " + event.reason());
    }

    @ApplicationModuleListener
    void on(GrantRestored event) {
        products.restoreForGrant(event.grantId());
    }

    @ApplicationModuleListener
    void on(DatasetVersionPublished event) {
        products.rebuildIndexes(event.code());
    }
}
