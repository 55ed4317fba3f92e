package io.quanyun.identity;

import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.Role;

/** One role held by a user. */
@Table("user_role")
record RoleGrant(Role role) {
}
