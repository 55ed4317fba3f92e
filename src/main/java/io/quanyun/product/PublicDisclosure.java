package io.quanyun.product;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The yearly public disclosure of authorized operation (authorizations, products, fees), due by the end of
 * March of the following year. Aggregates and prices only.
 */
public record PublicDisclosure(int year, LocalDate dueBy, List<OperatorLine> operators,
        List<DisclosedProduct> products, Instant generatedAt) {

    /** One operator's figures. */
    public record OperatorLine(String operatorName, int authorizations, int listedProducts, BigDecimal revenue,
            @Nullable BigDecimal maximum) {
    }

    /** One product with its price model, fee and cap price. */
    public record DisclosedProduct(String operatorName, String name, ProductForm form, ProductState state,
            PricingModel pricingModel, @Nullable BigDecimal fee, @Nullable BigDecimal capPrice) {
    }

    public PublicDisclosure {
        operators = List.copyOf(operators);
        products = List.copyOf(products);
    }
}
