package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.catalog.Domain;

/** A domain in a call's scope (Art. 6). */
@Table("call_domain")
record ScopedDomain(Domain domain) {
    ScopedDomain {
        requireNonNull(domain, "domain is null");
    }
}
