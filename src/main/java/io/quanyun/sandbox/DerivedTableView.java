package io.quanyun.sandbox;

import java.time.Instant;

/**
 * A derived table as the workspace shows it: its name and lineage (columns with inherited roles),
 * never its rows.
 */
public record DerivedTableView(String name, GrantedTable lineage, String createdBy, Instant createdAt) {
}
