/**
 * The public data catalog and vault (Art. 3, 4, 6, 10, 12): datasets registered by data providers, their
 * typed fields with classification (GB/T 43697-2024), personal-information marks (GB/T 35273) and
 * disclosure roles, registration records, review and publication by the authority, the encrypted vault of
 * immutable versions, quality profiles and tickets, and the consent registry. Metadata is public; values
 * never leave.
 */
@ApplicationModule(displayName = "Catalog and vault", allowedDependencies = {"shared", "audit", "identity"})
@NullMarked
package io.quanyun.catalog;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
