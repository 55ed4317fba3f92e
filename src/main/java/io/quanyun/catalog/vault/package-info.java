/**
 * The vault: where a data provider's public data lives inside the platform, and only there.
 *
 * <p>Files are ingested as a stream, checked against a {@link io.quanyun.catalog.vault.DatasetSchema},
 * converted to Parquet, and stored encrypted at rest with SM4-GCM under a fresh data key per
 * dataset version; the data key is wrapped under the {@link io.quanyun.catalog.vault.MasterKey}.
 * Plaintext exists only in memory-backed scratch space ({@code /dev/shm}). The analytic engine
 * reads a version through {@link io.quanyun.catalog.vault.Vault#open(String, int)}, which
 * decrypts it into memory-backed storage for as long as the returned table is open.
 *
 * <p>Errors are {@link io.quanyun.catalog.vault.VaultException}s with a stable
 * {@link io.quanyun.catalog.vault.VaultError} code. Their messages may name a line number and a
 * field name, never a stored value. Nothing in this package is null unless its Javadoc says so.
 */
@NullMarked
@NamedInterface("vault")
package io.quanyun.catalog.vault;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.NamedInterface;
