package io.quanyun.access;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.UUID;

import org.springframework.data.relational.core.mapping.Table;

/** One dataset of a grant and its granted fields (comma-separated). */
@Table("access_grant_dataset")
record GrantDataset(UUID datasetId, String code, String fields) {

    GrantDataset {
        requireNonNull(datasetId, "datasetId is null");
        requireNonNull(code, "code is null");
        requireNonNull(fields, "fields is null");
    }

    GrantedDataset descriptor() {
        return new GrantedDataset(datasetId, code, Arrays.asList(fields.split(",")));
    }
}
