/**
 * Data products (Art. 3, 10, 13, 15): an operator registers a product built under one of its active grants; the
 * authority reviews its compliance (a checklist with findings and a risk level, a second reviewer for high
 * risk) and lists it; a suspended or ended grant suspends its products at once. Verification products (数据核验)
 * answer match / no match / not found from an index of keyed hashes built inside the platform, for callers
 * holding an API key, only with the data subject's consent, metered and audited; no stored value ever leaves.
 */
@ApplicationModule(displayName = "Products",
        allowedDependencies = {"shared", "audit", "identity", "catalog", "catalog::vault", "access", "sandbox",
                "supervision"})
@NullMarked
package io.quanyun.product;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
