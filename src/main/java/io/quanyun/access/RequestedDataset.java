package io.quanyun.access;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.springframework.data.relational.core.mapping.Table;

/** One dataset a request needs, with its provider (who must approve) and the field names. */
@Table("scenario_request_dataset")
record RequestedDataset(UUID datasetId, String code, UUID providerId, String fields) {

    RequestedDataset {
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(code, "code is null");
        requireNonNull(providerId, "providerId is null");
        requireNonNull(fields, "fields is null");
    }

    static RequestedDataset of(UUID datasetId, String code, UUID providerId, List<String> fields) {
        return new RequestedDataset(datasetId, code, providerId, String.join(",", fields));
    }

    List<String> fieldNames() {
        return fields.isEmpty() ? List.of() : Arrays.asList(fields.split(","));
    }
}
