package io.quanyun.product;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A product as the public catalog shows it (Art. 13): its form, the datasets and providers it draws on, its
 * operator, price model and review status. Metadata only: no value of the data behind it.
 *
 * @param fee the service fee per unit of the price model; null for free products
 * @param capPrice the cap price the authorizer set; null for free products
 * @param secondReview whether a second reviewer approved it (high risk)
 * @param revision the latest published revision of statistics, report and model products; null otherwise
 * @param authorizerName the authorizer of the product's grant, which supervises it (Art. 14); null without a grant
 * @param responsiblePerson the operator's first responsible person (its legal representative), when recorded
 */
public record CatalogEntry(UUID id, String name, String description, ProductForm form, String operatorName,
        String scenario, List<SourceDataset> datasets, PricingModel pricingModel, @Nullable BigDecimal fee,
        @Nullable BigDecimal capPrice, ProductState state, @Nullable RiskLevel riskLevel, boolean secondReview,
        @Nullable Integer revision, @Nullable Instant revisedAt, @Nullable String authorizerName,
        @Nullable String responsiblePerson) {

    /** A dataset the product draws on, with its provider. */
    public record SourceDataset(String code, String name, String providerName) {
    }

    public CatalogEntry {
        datasets = List.copyOf(datasets);
    }
}
