package io.quanyun.product;

import java.util.UUID;

/**
 * Where product usage becomes revenue (national pricing rules of 2025): the metering side (the calls endpoint,
 * statements) or a product's own paid endpoint reports units used; the platform prices them at the product's
 * fee, keeps the operator's revenue of the year against its permitted maximum and refuses a charge that would
 * exceed it.
 */
public interface RevenueRecorder {

    /**
     * Records units of a product used, priced at the product's current fee (zero for free products).
     *
     * @param units calls, items, periods or volume units, as the product's pricing model counts them; positive
     * @param reference unique per product for this usage (e.g. {@code call:<id>} or {@code meter:<key>:<day>});
     *        recording the same reference again returns the first charge
     * @throws io.quanyun.shared.QuanyunException {@code revenue_maximum_reached} when the operator's revenue of
     *         the year would exceed the maximum the authority permits
     */
    RecordedCharge record(UUID productId, long units, String reference);
}
