package io.quanyun.product;

import java.util.Map;
import java.util.UUID;

/**
 * A listed product's listing package for a lawful data exchange (Art. 13): its metadata as an ordered map, the
 * exact JSON text and its SM3.
 */
public record ListingPackage(UUID productId, Map<String, Object> content, String json, String sm3) {
}
