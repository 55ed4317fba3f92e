package io.quanyun.sandbox;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.relational.core.mapping.Table;

/** A named member of a workspace: an operator engineer or administrator of the grant's operator. */
@Table("sandbox_member")
record WorkspaceMember(UUID userId, String username, String addedBy, Instant addedAt) {
}
