package io.quanyun.product;

import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.jspecify.annotations.Nullable;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.access.GrantDirectory;
import io.quanyun.access.GrantEnded;
import io.quanyun.access.GrantRestored;
import io.quanyun.access.GrantSuspended;
import io.quanyun.shared.Zones;

/**
 * What a product call needs to know about its key and product, cached in memory so that a call reads no table
 * for it: the active key (by SM3 hash) with its subscription's limits, and the product with whether it is
 * listed and its grant active. Every change that matters evicts at once, synchronously, both when it is made
 * and again when its transaction ends: revoking a key or cancelling a subscription, a product leaving or
 * entering the list, and a grant being suspended, ended or restored. A call after the change's commit therefore
 * sees it.
 */
@Component
class CallDirectory {

    /** An active key of an active subscription. */
    record KeyEntry(UUID keyId, UUID subscriptionId, UUID productId, UUID consumerId, String consumerName,
            long monthlyQuota, int ratePerSecond) {
    }

    /** A product as calls see it. */
    record ProductEntry(ProductView view, boolean answering) {
    }

    private final JdbcClient jdbc;
    private final Products products;
    private final GrantDirectory grants;
    private final CallGates gates;
    private final java.time.Clock clock;
    private final ConcurrentMap<String, KeyEntry> keys = new ConcurrentHashMap<>();
    private final ConcurrentMap<UUID, ProductEntry> productEntries = new ConcurrentHashMap<>();

    CallDirectory(JdbcClient jdbc, Products products, GrantDirectory grants, CallGates gates, java.time.Clock clock) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.products = products;
        this.grants = grants;
        this.gates = gates;
    }

    @Nullable KeyEntry key(String keyHash) {
        KeyEntry cached = keys.get(keyHash);
        if (cached != null) {
            return cached;
        }
        KeyEntry loaded = jdbc.sql("""
                select k.id, k.subscription_id, s.product_id, s.consumer_id, s.consumer_name, s.monthly_quota,
                    s.rate_per_second
                from product_subscription_key k join product_subscription s on s.id = k.subscription_id
                where k.key_hash = :hash and k.revoked_at is null and s.state = 'ACTIVE'""")
                .param("hash", keyHash)
                .query((rs, row) -> new KeyEntry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        rs.getObject(3, UUID.class), rs.getObject(4, UUID.class), rs.getString(5), rs.getLong(6),
                        rs.getInt(7)))
                .optional().orElse(null);
        if (loaded != null) {
            keys.put(keyHash, loaded);
        }
        return loaded;
    }

    @Nullable ProductEntry product(UUID productId) {
        ProductEntry cached = productEntries.get(productId);
        if (cached != null) {
            return cached;
        }
        Product product = products.findById(productId).orElse(null);
        if (product == null) {
            return null;
        }
        ProductView view = product.view();
        boolean answering = view.state() == ProductState.LISTED
                && grants.find(view.grantId()).filter(GrantDescriptor::isActive).isPresent();
        ProductEntry entry = new ProductEntry(view, answering);
        productEntries.put(productId, entry);
        return entry;
    }

    /** The subscription's keys or limits changed: forget them now and when the transaction ends. */
    void evictSubscription(UUID subscriptionId) {
        Runnable evict = () -> {
            keys.values().removeIf(k -> k.subscriptionId().equals(subscriptionId));
            gates.forget(subscriptionId);
        };
        now(evict);
    }

    void evictProduct(UUID productId) {
        now(() -> productEntries.remove(productId));
    }

    private void evictGrant(UUID grantId) {
        now(() -> productEntries.values().removeIf(p -> p.view().grantId().equals(grantId)));
    }

    private static void now(Runnable evict) {
        evict.run();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    evict.run();
                }
            });
        }
    }

    @EventListener
    void on(ProductListed event) {
        evictProduct(event.productId());
    }

    @EventListener
    void on(ProductSuspended event) {
        evictProduct(event.productId());
    }

    @EventListener
    void on(ProductReturned event) {
        evictProduct(event.productId());
    }

    /** A delisted product ends its subscriptions and revokes their keys, in the delisting transaction. */
    @EventListener
    void on(ProductDelisted event) {
        OffsetDateTime now = OffsetDateTime.ofInstant(clock.instant(), Zones.SHANGHAI);
        for (UUID subscription : jdbc.sql("select id from product_subscription where product_id = :id and state = 'ACTIVE'")
                .param("id", event.productId()).query(UUID.class).list()) {
            jdbc.sql("update product_subscription_key set revoked_at = :at, revoked_by = 'system' "
                    + "where subscription_id = :id and revoked_at is null").param("at", now).param("id", subscription)
                    .update();
            jdbc.sql("update product_subscription set state = 'CANCELLED', cancelled_at = :at where id = :id")
                    .param("at", now).param("id", subscription).update();
            evictSubscription(subscription);
        }
        evictProduct(event.productId());
    }

    @EventListener
    void on(GrantSuspended event) {
        evictGrant(event.grantId());
    }

    @EventListener
    void on(GrantEnded event) {
        evictGrant(event.grantId());
    }

    @EventListener
    void on(GrantRestored event) {
        evictGrant(event.grantId());
    }
}
