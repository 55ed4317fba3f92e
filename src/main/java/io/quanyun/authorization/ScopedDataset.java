package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import java.util.UUID;

import org.springframework.data.relational.core.mapping.Table;

/** A published dataset in a call's scope, with its code and name as they were when the call was drafted. */
@Table("call_dataset")
public record ScopedDataset(UUID datasetId, String datasetCode, String datasetName) {
    public ScopedDataset {
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(datasetCode, "datasetCode is null");
        requireNonNull(datasetName, "datasetName is null");
    }
}
