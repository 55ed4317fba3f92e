package io.quanyun.product;

import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.quanyun.audit.Sm3;

/** Reads the API keys issued for a product (only their SM3 hashes are stored), for paid statistics and reports. */
@Component
final class ProductKeys {

    private final JdbcClient jdbc;

    ProductKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The id of the valid (not revoked) key for this product, if the key is one. */
    Optional<UUID> valid(UUID productId, @Nullable String apiKey) {
        if (apiKey == null || !apiKey.startsWith("qy_") || apiKey.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("select id from product_api_key where key_hash = :hash and product_id = :product "
                + "and revoked_at is null").param("hash", Sm3.hex(apiKey)).param("product", productId)
                .query(UUID.class).optional();
    }
}
