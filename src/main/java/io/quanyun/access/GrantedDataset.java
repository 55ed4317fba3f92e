package io.quanyun.access;

import java.util.List;
import java.util.UUID;

/**
 * One dataset of a grant and the fields granted of it.
 *
 * @param code the table name in the sandbox
 */
public record GrantedDataset(UUID datasetId, String code, List<String> fields) {
    public GrantedDataset {
        fields = List.copyOf(fields);
    }
}
