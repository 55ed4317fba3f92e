package io.quanyun.product;

import java.util.Set;
import java.util.UUID;

import org.springframework.stereotype.Component;

import io.quanyun.supervision.Containment;
import io.quanyun.supervision.ContainmentKind;

/** Incident containment on products (Art. 15): suspend a product, or delist it (which revokes its keys). */
@Component
class ProductContainment implements Containment {

    private final ProductManagement products;

    ProductContainment(ProductManagement products) {
        this.products = products;
    }

    @Override
    public Set<ContainmentKind> kinds() {
        return Set.of(ContainmentKind.SUSPEND_PRODUCT, ContainmentKind.DELIST_PRODUCT);
    }

    @Override
    public String contain(ContainmentKind kind, UUID target, String reason) {
        return switch (kind) {
            case SUSPEND_PRODUCT -> "product " + products.suspend(target, reason).state();
            case DELIST_PRODUCT -> "product " + products.delist(target).state() + ", keys revoked";
            case SUSPEND_GRANT -> throw new IllegalArgumentException("not a product action: " + kind);
        };
    }
}
