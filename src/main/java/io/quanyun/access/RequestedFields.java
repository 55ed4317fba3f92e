package io.quanyun.access;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The fields a request needs of one dataset.
 *
 * @param dataset the dataset's code ({@code person}) or id
 * @param fields field names of that dataset; may be null or empty only in invalid input
 */
public record RequestedFields(@Nullable String dataset, @Nullable List<String> fields) {
}
