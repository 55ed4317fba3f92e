package io.quanyun.product;

import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.access.GrantDirectory;
import io.quanyun.audit.AuditEvent;
import io.quanyun.audit.AuditTrail;
import io.quanyun.shared.Actor;
import io.quanyun.shared.Actors;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.OrganizationType;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Role;

/** The permission checks and audited refusals shared by the product forms, pricing and reports services. */
@Component
final class ProductGuards {

    private final Products products;
    private final GrantDirectory grants;
    private final AuditTrail audit;

    ProductGuards(Products products, GrantDirectory grants, AuditTrail audit) {
        this.products = products;
        this.grants = grants;
        this.audit = audit;
    }

    Product load(UUID productId) {
        return products.findById(productId).orElseThrow(() -> QuanyunException.notFound("product", productId));
    }

    /** An administrator of the product's operator. */
    Actor requireOwnerAdmin(String action, Product product) {
        Actor actor = Actors.current();
        if (!(actor.has(Role.OPERATOR_ADMIN) && actor.isOf(OrganizationType.OPERATOR)
                && actor.belongsTo(product.operatorId()))) {
            throw refuse(ErrorCode.FORBIDDEN, action, "product", product.id(), "not an administrator of the operator");
        }
        return actor;
    }

    /** An administrator of the city or district authority. */
    Actor requireAuthority(String action, String objectType, @Nullable Object objectId) {
        Actor actor = Actors.current();
        if (!(actor.has(Role.AUTHORITY_ADMIN) && actor.isOf(OrganizationType.AUTHORITY))) {
            throw refuse(ErrorCode.FORBIDDEN, action, objectType, objectId, "not the authority");
        }
        return actor;
    }

    void requireForm(String action, Product product, ProductForm form) {
        if (product.form() != form) {
            throw refuse(ErrorCode.PRODUCT_FORM_MISMATCH, action, "product", product.id(), "form " + product.form());
        }
    }

    void requireNotDelisted(String action, Product product) {
        if (product.state() == ProductState.DELISTED) {
            throw refuse(ErrorCode.ILLEGAL_STATE_TRANSITION, action, "product", product.id(), "delisted");
        }
    }

    /** The product is listed and its grant active: its content may be served. */
    void requireServing(String action, Product product) {
        if (product.state() != ProductState.LISTED
                || grants.find(product.grantId()).filter(GrantDescriptor::isActive).isEmpty()) {
            throw refuse(ErrorCode.PRODUCT_NOT_LISTED, action, "product", product.id(), "not listed");
        }
    }

    static boolean seesAll(Actor actor) {
        return actor.isSystem() || actor.has(Role.AUTHORITY_ADMIN) || actor.has(Role.AUDITOR);
    }

    QuanyunException refuse(ErrorCode code, String action, String objectType, @Nullable Object objectId,
            String reason) {
        audit.recordIndependently(AuditEvent.refused(action, objectType, objectId, code.code() + ": " + reason));
        return new QuanyunException(code, code.titleEn(), List.of(), objectType,
                objectId == null ? null : objectId.toString()).markAudited();
    }
}
