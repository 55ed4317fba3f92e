package io.quanyun.supervision;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What an authorizer supervises (Art. 14, "whoever authorizes supervises"): its agreements, grants and products
 * with their state, each with the supervising authorizer and the operator's first responsible person (the legal
 * representative named in the agreement), and the open items per operator.
 */
public record ResponsibilityView(@Nullable UUID authorizerId, String authorizerName, List<Agreement> agreements,
        List<Grant> grants, List<Product> products, List<OpenItems> openItems) {

    public ResponsibilityView {
        agreements = List.copyOf(agreements);
        grants = List.copyOf(grants);
        products = List.copyOf(products);
        openItems = List.copyOf(openItems);
    }

    public record Agreement(UUID id, String number, UUID operatorId, String operatorName,
            @Nullable String firstResponsiblePerson, UUID authorizerId, String authorizerName, String state,
            @Nullable Instant endsAt) {
    }

    public record Grant(UUID id, String scenario, UUID agreementId, UUID operatorId, String operatorName,
            @Nullable String firstResponsiblePerson, UUID authorizerId, String authorizerName, String state,
            Instant expiresAt) {
    }

    public record Product(UUID id, String name, String form, UUID grantId, UUID operatorId, String operatorName,
            @Nullable String firstResponsiblePerson, UUID authorizerId, String authorizerName, String state) {
    }

    /** An operator's open items: rectification orders, incidents, unresolved alerts, an overdue security report. */
    public record OpenItems(UUID operatorId, String operatorName, @Nullable String firstResponsiblePerson,
            long openRectifications, long openIncidents, long unresolvedAlerts, boolean securityReportOverdue) {

        public boolean any() {
            return openRectifications + openIncidents + unresolvedAlerts > 0 || securityReportOverdue;
        }
    }
}
