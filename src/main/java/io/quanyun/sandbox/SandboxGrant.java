package io.quanyun.sandbox;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * What one grant lets its operator query: the tables with their disclosure roles and the policy.
 *
 * @param grantId stable id of the grant; the privacy budget and recorded answers belong to it
 * @param tables granted tables, unique names
 * @param policy the privacy policy
 */
public record SandboxGrant(String grantId, List<GrantedTable> tables, SandboxPolicy policy) {

    public SandboxGrant {
        requireNonNull(grantId, "grantId is null");
        if (grantId.isBlank()) {
            throw new IllegalArgumentException("grantId is blank");
        }
        tables = List.copyOf(requireNonNull(tables, "tables is null"));
        requireNonNull(policy, "policy is null");
        var names = new HashSet<String>();
        for (GrantedTable table : tables) {
            if (!names.add(table.name())) {
                throw new IllegalArgumentException("duplicate table " + table.name());
            }
        }
    }

    /** The granted table of this name. */
    public Optional<GrantedTable> table(String name) {
        return tables.stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
