package io.quanyun.access;

import java.util.List;
import java.util.UUID;

/** One dataset of a request as shown: its code, its provider and the fields asked for. */
public record RequestedDatasetView(UUID datasetId, String code, UUID providerId, String providerName,
        List<String> fields) {
    public RequestedDatasetView {
        fields = List.copyOf(fields);
    }
}
