package io.quanyun.product;

import java.util.UUID;

/**
 * A newly issued API key. {@code key} is shown this once; the platform keeps only its SM3 hash.
 */
public record IssuedSubscriptionKey(UUID id, UUID subscriptionId, UUID productId, String key) {

    @Override
    public String toString() {
        return "IssuedSubscriptionKey[id=" + id + ", key hidden]";
    }
}
