package io.quanyun.product;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * An operator's annual operating report of a year: its authorizations (grants), its products with their prices,
 * and its fees (revenue against the permitted maximum). Due by the end of March of the following year.
 */
public record AnnualOperatingReport(int year, UUID operatorId, String operatorName, String creditCode,
        LocalDate dueBy, List<AuthorizationLine> authorizations, List<ProductLine> products, RevenueStatus revenue,
        Instant generatedAt) {

    /** A grant the operator held, with its supervising authorizer and the first responsible person (Art. 14). */
    public record AuthorizationLine(UUID grantId, String scenario, List<String> datasets, Instant expiresAt,
            String state, @Nullable String authorizerName, @Nullable String responsiblePerson) {
    }

    /**
     * A product with its prices and what it earned in the year, with its supervising authorizer (its grant's) and the
     * operator's first responsible person (Art. 14).
     */
    public record ProductLine(UUID productId, String name, ProductForm form, ProductState state,
            PricingModel pricingModel, @Nullable BigDecimal fee, @Nullable BigDecimal capPrice, long units,
            BigDecimal revenue, @Nullable String authorizerName, @Nullable String responsiblePerson) {
    }

    public AnnualOperatingReport {
        authorizations = List.copyOf(authorizations);
        products = List.copyOf(products);
    }
}
