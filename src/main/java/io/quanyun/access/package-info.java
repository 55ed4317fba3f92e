/**
 * Data use requests and grants (Art. 12, 13): under an active agreement an operator files one request per
 * scenario for the datasets and fields it needs; both the authority and each dataset's provider approve;
 * approval creates a grant with its privacy terms, budget and expiry. Grants are suspended, restored and
 * ended by events and by the authority, and every consumer (sandbox, products) follows their state.
 */
@ApplicationModule(displayName = "Access: requests and grants",
        allowedDependencies = {"shared", "audit", "identity", "catalog", "authorization", "supervision"})
@NullMarked
package io.quanyun.access;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
