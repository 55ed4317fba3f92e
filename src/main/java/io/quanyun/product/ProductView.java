package io.quanyun.product;

import java.math.BigDecimal;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A product as callers of the facade see it. Null fields are not set yet or do not apply to the form.
 *
 * @param authorizerId the authorizer of the product's grant, which supervises it (Art. 14)
 * @param authorizerName its name
 * @param responsiblePerson the operator's first responsible person (its legal representative), when recorded
 */
public record ProductView(UUID id, UUID operatorId, UUID grantId, ProductForm form, String name, String description,
        PricingModel pricingModel, @Nullable BigDecimal fee, @Nullable BigDecimal capPrice,
        @Nullable String consentPurpose, @Nullable VerificationDefinition verification, ProductState state,
        boolean suspendedByGrant, @Nullable RiskLevel riskLevel, @Nullable String findings,
        @Nullable String firstReviewer, @Nullable String secondReviewer, @Nullable UUID authorizerId,
        @Nullable String authorizerName, @Nullable String responsiblePerson) {

    /** The same product with who supervises it and who answers for it (Art. 14). */
    public ProductView supervisedBy(@Nullable UUID authorizer, @Nullable String authorizerNameOf,
            @Nullable String responsible) {
        return new ProductView(id, operatorId, grantId, form, name, description, pricingModel, fee, capPrice,
                consentPurpose, verification, state, suspendedByGrant, riskLevel, findings, firstReviewer,
                secondReviewer, authorizer, authorizerNameOf, responsible);
    }
}
