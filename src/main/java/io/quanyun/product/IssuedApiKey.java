package io.quanyun.product;

import java.util.UUID;

/**
 * An API key as issued: the key itself is shown only here, once; the platform keeps its SM3 hash.
 */
public record IssuedApiKey(UUID id, UUID productId, String consumerName, String key) {

    @Override
    public String toString() {
        return "IssuedApiKey[" + id + ", " + productId + ", " + consumerName + ", key hidden]";
    }
}
