package io.quanyun.product;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * After a start, builds the in-memory indexes of the listed verification products in the background (the first
 * calls would otherwise wait for them), from the dataset versions their last build recorded.
 */
@Component
class IndexPreloader {

    private static final Logger log = LoggerFactory.getLogger(IndexPreloader.class);

    private final Products products;
    private final VerificationIndex index;

    IndexPreloader(Products products, VerificationIndex index) {
        this.products = products;
        this.index = index;
    }

    @EventListener(ApplicationReadyEvent.class)
    void preload() {
        Thread loader = new Thread(() -> {
            for (Product product : products.findAllByOrderByCreatedAtDesc()) {
                VerificationDefinition definition = product.view().verification();
                if (product.state() != ProductState.LISTED || product.form() != ProductForm.DATA_VERIFICATION
                        || definition == null) {
                    continue;
                }
                try {
                    index.preload(product.id(), definition);
                } catch (RuntimeException e) {
                    log.warn("The index of product {} was not loaded ahead of calls: {}", product.id(), e.getMessage());
                }
            }
        }, "verification-index-preload");
        loader.setDaemon(true);
        loader.start();
    }
}
