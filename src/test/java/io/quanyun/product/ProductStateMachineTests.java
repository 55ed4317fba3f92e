package io.quanyun.product;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

class ProductStateMachineTests {

    private static final Instant NOW = Instant.parse("2026-03-01T02:00:00Z");

    static Product draft(PricingModel pricing, BigDecimal fee) {
        return Product.register(UUID.randomUUID(), UUID.randomUUID(), ProductForm.DATA_VERIFICATION, "核验", "说明",
                pricing, fee, "verify", new VerificationDefinition("person", "id_no", "district",
                        VerificationComparison.EQUALS), "operator", NOW);
    }

    static Product underReview() {
        Product product = draft(PricingModel.PER_CALL, new BigDecimal("0.50"));
        product.submit(NOW);
        return product;
    }

    @Test
    void delisted_isFinal_andEveryStateMayBeDelisted() {
        assertThat(ProductState.DELISTED.isFinal()).isTrue();
        for (ProductState state : EnumSet.complementOf(EnumSet.of(ProductState.DELISTED))) {
            assertThat(state.next()).as(state.name()).contains(ProductState.DELISTED);
            assertThat(state.isFinal()).isFalse();
        }
    }

    @Test
    void transitions_areExactlyTheLifecycle() {
        assertThat(ProductState.DRAFT.next()).containsExactlyInAnyOrder(ProductState.UNDER_REVIEW, ProductState.DELISTED);
        assertThat(ProductState.UNDER_REVIEW.next()).containsExactlyInAnyOrder(ProductState.LISTED, ProductState.DRAFT,
                ProductState.DELISTED);
        assertThat(ProductState.LISTED.next()).containsExactlyInAnyOrder(ProductState.SUSPENDED, ProductState.DELISTED);
        assertThat(ProductState.SUSPENDED.next()).containsExactlyInAnyOrder(ProductState.LISTED, ProductState.DELISTED);
    }

    @Test
    void register_startsAsDraft_andRegistersEvent() {
        Product product = draft(PricingModel.FREE, null);
        assertThat(product.state()).isEqualTo(ProductState.DRAFT);
        assertThat(product.registeredEvents()).singleElement().isInstanceOf(ProductRegistered.class);
    }

    @Test
    void list_whenDraft_isRefused() {
        Product product = draft(PricingModel.FREE, null);
        assertThatThrownBy(() -> product.transitionTo(ProductState.LISTED, NOW)).isInstanceOf(QuanyunException.class)
                .extracting(e -> ((QuanyunException) e).code()).isEqualTo(ErrorCode.ILLEGAL_STATE_TRANSITION);
    }

    @Test
    void transitionToListed_withoutReview_isRefused() {
        Product product = underReview();
        assertThatThrownBy(() -> product.transitionTo(ProductState.LISTED, NOW))
                .extracting(e -> ((QuanyunException) e).code()).isEqualTo(ErrorCode.SECOND_REVIEWER_REQUIRED);
    }

    @Test
    void review_lowRisk_lists() {
        Product product = underReview();
        product.review("bureau", new ReviewProduct(true, RiskLevel.LOW, "符合", new BigDecimal("1.00")), NOW);
        assertThat(product.state()).isEqualTo(ProductState.LISTED);
        assertThat(product.view().capPrice()).isEqualByComparingTo("1.00");
        assertThat(product.registeredEvents()).last().isInstanceOf(ProductListed.class);
    }

    @Test
    void review_whenFeeAboveCap_isRefused() {
        Product product = underReview();
        assertThatThrownBy(() -> product.review("bureau",
                new ReviewProduct(true, RiskLevel.LOW, null, new BigDecimal("0.10")), NOW))
                .extracting(e -> ((QuanyunException) e).code()).isEqualTo(ErrorCode.FEE_ABOVE_CAP);
        assertThat(product.state()).isEqualTo(ProductState.UNDER_REVIEW);
    }

    @Test
    void review_highRisk_needsSecondDifferentReviewer() {
        Product product = underReview();
        product.review("bureau", new ReviewProduct(true, RiskLevel.HIGH, "高风险", new BigDecimal("1")), NOW);
        assertThat(product.state()).isEqualTo(ProductState.UNDER_REVIEW);
        assertThatThrownBy(() -> product.review("bureau", new ReviewProduct(true, null, null, null), NOW))
                .extracting(e -> ((QuanyunException) e).code()).isEqualTo(ErrorCode.SECOND_REVIEWER_REQUIRED);
        product.review("district", new ReviewProduct(true, null, null, null), NOW);
        assertThat(product.state()).isEqualTo(ProductState.LISTED);
        assertThat(product.view().secondReviewer()).isEqualTo("district");
    }

    @Test
    void review_notApproved_returnsToDraftWithFindings() {
        Product product = underReview();
        product.review("bureau", new ReviewProduct(false, RiskLevel.MEDIUM, "缺少隐私影响评估", null), NOW);
        assertThat(product.state()).isEqualTo(ProductState.DRAFT);
        assertThat(product.view().findings()).isEqualTo("缺少隐私影响评估");
        assertThat(product.registeredEvents()).last().isInstanceOf(ProductReturned.class);
    }

    @Test
    void grantSuspension_suspends_andOnlyGrantRestorationOfAGrantSuspensionRestores() {
        Product product = underReview();
        product.review("bureau", new ReviewProduct(true, RiskLevel.LOW, null, BigDecimal.ONE), NOW);
        assertThat(product.suspendForGrant(NOW)).isTrue();
        assertThat(product.state()).isEqualTo(ProductState.SUSPENDED);
        assertThat(product.restoreForGrant(NOW)).isTrue();
        assertThat(product.state()).isEqualTo(ProductState.LISTED);
        product.suspend(NOW);
        assertThat(product.restoreForGrant(NOW)).as("suspended by the authority, not the grant").isFalse();
        assertThat(product.state()).isEqualTo(ProductState.SUSPENDED);
    }

    @Test
    void delisted_cannotBeRestored() {
        Product product = draft(PricingModel.FREE, null);
        product.delist(NOW);
        assertThatThrownBy(() -> product.submit(NOW)).extracting(e -> ((QuanyunException) e).code())
                .isEqualTo(ErrorCode.ILLEGAL_STATE_TRANSITION);
        assertThat(product.suspendForGrant(NOW)).isFalse();
    }
}
