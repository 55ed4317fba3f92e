package io.quanyun.product;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.domain.AbstractAggregateRoot;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/**
 * A data product of one operator, built under one of its grants. Every change of state goes through
 * {@link #transitionTo} and registers a past-tense event. A high-risk product is listed only after a second,
 * different reviewer approved it.
 */
@Table("product")
final class Product extends AbstractAggregateRoot<Product> {

    private final @Id UUID id;
    private final UUID operatorId;
    private final UUID grantId;
    private final ProductForm form;
    private final String name;
    private final String description;
    private final PricingModel pricingModel;
    private final @Nullable BigDecimal fee;
    private @Nullable BigDecimal capPrice;
    private final @Nullable String consentPurpose;
    private final @Nullable String datasetCode;
    private final @Nullable String subjectField;
    private final @Nullable String attributeField;
    private final @Nullable VerificationComparison comparison;
    private ProductState state;
    private boolean suspendedByGrant;
    private @Nullable RiskLevel riskLevel;
    private @Nullable String findings;
    private @Nullable String firstReviewer;
    private @Nullable String secondReviewer;
    private final String createdBy;
    private final Instant createdAt;
    private Instant updatedAt;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Product(UUID id, UUID operatorId, UUID grantId, ProductForm form, String name, String description,
            PricingModel pricingModel, @Nullable BigDecimal fee, @Nullable BigDecimal capPrice,
            @Nullable String consentPurpose, @Nullable String datasetCode, @Nullable String subjectField,
            @Nullable String attributeField, @Nullable VerificationComparison comparison, ProductState state,
            boolean suspendedByGrant, @Nullable RiskLevel riskLevel, @Nullable String findings,
            @Nullable String firstReviewer, @Nullable String secondReviewer, String createdBy, Instant createdAt,
            Instant updatedAt, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.operatorId = requireNonNull(operatorId, "operatorId is null");
        this.grantId = requireNonNull(grantId, "grantId is null");
        this.form = requireNonNull(form, "form is null");
        this.name = requireNonNull(name, "name is null");
        this.description = requireNonNull(description, "description is null");
        this.pricingModel = requireNonNull(pricingModel, "pricingModel is null");
        this.fee = fee;
        this.capPrice = capPrice;
        this.consentPurpose = consentPurpose;
        this.datasetCode = datasetCode;
        this.subjectField = subjectField;
        this.attributeField = attributeField;
        this.comparison = comparison;
        this.state = requireNonNull(state, "state is null");
        this.suspendedByGrant = suspendedByGrant;
        this.riskLevel = riskLevel;
        this.findings = findings;
        this.firstReviewer = firstReviewer;
        this.secondReviewer = secondReviewer;
        this.createdBy = requireNonNull(createdBy, "createdBy is null");
        this.createdAt = requireNonNull(createdAt, "createdAt is null");
        this.updatedAt = requireNonNull(updatedAt, "updatedAt is null");
        this.version = version;
    }

    /** A new draft; the caller has validated the command against the grant. */
    static Product register(UUID operatorId, UUID grantId, ProductForm form, String name, String description,
            PricingModel pricingModel, @Nullable BigDecimal fee, @Nullable String consentPurpose,
            @Nullable VerificationDefinition verification, String createdBy, Instant now) {
        Product product = new Product(UUID.randomUUID(), operatorId, grantId, form, name, description, pricingModel,
                pricingModel.charges() ? fee : null, null, consentPurpose,
                verification == null ? null : verification.datasetCode(),
                verification == null ? null : verification.subjectField(),
                verification == null ? null : verification.attributeField(),
                verification == null ? null : verification.comparison(), ProductState.DRAFT, false, null, null, null,
                null, createdBy, now, now, null);
        product.registerEvent(new ProductRegistered(product.id, operatorId));
        return product;
    }

    // ------------------------------------------------------------------ business commands

    /** The operator submits the draft for compliance review; earlier reviews no longer count. */
    void submit(Instant now) {
        transitionTo(ProductState.UNDER_REVIEW, now);
        riskLevel = null;
        firstReviewer = null;
        secondReviewer = null;
    }

    /**
     * The authority's review. A failing review returns the product to draft with its findings. A passing one
     * lists it, unless the risk is high and this is the first approval: then it waits for a second, different
     * reviewer.
     */
    void review(String reviewer, ReviewProduct review, Instant now) {
        requireNonNull(reviewer, "reviewer is null");
        if (state != ProductState.UNDER_REVIEW) {
            throw illegal(ProductState.LISTED);
        }
        if (!review.approved()) {
            findings = requireNonNull(review.findings(), "findings is null");
            riskLevel = review.riskLevel();
            transitionTo(ProductState.DRAFT, now);
            return;
        }
        if (firstReviewer == null) {
            RiskLevel risk = requireNonNull(review.riskLevel(), "riskLevel is null");
            if (pricingModel.charges()) {
                BigDecimal cap = requireNonNull(review.capPrice(), "capPrice is null");
                if (fee == null || fee.compareTo(cap) > 0) {
                    throw new QuanyunException(ErrorCode.FEE_ABOVE_CAP,
                            "The fee " + fee + " is above the cap price " + cap, List.of(), "product", id.toString());
                }
                capPrice = cap;
            }
            riskLevel = risk;
            findings = review.findings();
            firstReviewer = reviewer;
            if (risk == RiskLevel.HIGH) {
                updatedAt = now;
                return;
            }
        } else {
            if (firstReviewer.equals(reviewer)) {
                throw new QuanyunException(ErrorCode.SECOND_REVIEWER_REQUIRED,
                        "The second review of product " + id + " must be by another reviewer", List.of(), "product",
                        id.toString());
            }
            secondReviewer = reviewer;
        }
        transitionTo(ProductState.LISTED, now);
    }

    /** The authority suspends a listed product. */
    void suspend(Instant now) {
        transitionTo(ProductState.SUSPENDED, now);
        suspendedByGrant = false;
    }

    /** Its grant was suspended or ended: a listed product stops at once. Returns whether it changed. */
    boolean suspendForGrant(Instant now) {
        if (state != ProductState.LISTED) {
            return false;
        }
        transitionTo(ProductState.SUSPENDED, now);
        suspendedByGrant = true;
        return true;
    }

    /** The authority lists a suspended product again. */
    void restore(Instant now) {
        transitionTo(ProductState.LISTED, now);
        suspendedByGrant = false;
    }

    /** Its grant was restored: a product suspended by the grant (only) is listed again. */
    boolean restoreForGrant(Instant now) {
        if (state != ProductState.SUSPENDED || !suspendedByGrant) {
            return false;
        }
        restore(now);
        return true;
    }

    /** Withdraws the product for good. */
    void delist(Instant now) {
        transitionTo(ProductState.DELISTED, now);
    }

    /** The one way the state changes: refuses an illegal move and registers the past-tense event. */
    void transitionTo(ProductState target, Instant now) {
        if (!state.next().contains(target)) {
            throw illegal(target);
        }
        if (state == ProductState.UNDER_REVIEW && target == ProductState.LISTED
                && (firstReviewer == null || riskLevel == RiskLevel.HIGH && secondReviewer == null)) {
            throw new QuanyunException(ErrorCode.SECOND_REVIEWER_REQUIRED,
                    "Product " + id + " cannot be listed before its review is complete", List.of(), "product",
                    id.toString());
        }
        state = target;
        updatedAt = now;
        switch (target) {
            case DRAFT -> registerEvent(new ProductReturned(id, operatorId));
            case UNDER_REVIEW -> registerEvent(new ProductSubmitted(id, operatorId));
            case LISTED -> registerEvent(new ProductListed(id, operatorId));
            case SUSPENDED -> registerEvent(new ProductSuspended(id, operatorId));
            case DELISTED -> registerEvent(new ProductDelisted(id, operatorId));
        }
    }

    private QuanyunException illegal(ProductState target) {
        return new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                "Product " + id + " cannot go from " + state + " to " + target, List.of(), "product", id.toString());
    }

    // ------------------------------------------------------------------ questions

    ProductView view() {
        VerificationDefinition verification = datasetCode == null || subjectField == null || attributeField == null
                || comparison == null ? null
                : new VerificationDefinition(datasetCode, subjectField, attributeField, comparison);
        return new ProductView(id, operatorId, grantId, form, name, description, pricingModel, fee, capPrice,
                consentPurpose, verification, state, suspendedByGrant, riskLevel, findings, firstReviewer,
                secondReviewer, null, null, null);
    }

    /** The events registered since the last save (for tests). */
    List<Object> registeredEvents() {
        return List.copyOf(domainEvents());
    }

    UUID id() {
        return id;
    }

    UUID operatorId() {
        return operatorId;
    }

    UUID grantId() {
        return grantId;
    }

    ProductForm form() {
        return form;
    }

    ProductState state() {
        return state;
    }
}
