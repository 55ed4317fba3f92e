package io.quanyun.product;

/** The lifecycle of a subscription. */
public enum SubscriptionState {
    /** Keys may be issued and calls are answered while the product is listed. */
    ACTIVE,
    /** Cancelled by the consumer or ended with the product's delisting; its keys are revoked. Final. */
    CANCELLED;

    /** Whether the subscription may move to {@code target}. */
    public boolean canTransitionTo(SubscriptionState target) {
        return switch (this) {
            case ACTIVE -> target == CANCELLED;
            case CANCELLED -> false;
        };
    }
}
