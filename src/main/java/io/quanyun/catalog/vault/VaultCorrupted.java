package io.quanyun.catalog.vault;

/**
 * A stored version failed authentication (a GCM tag, the metadata MAC or a checksum): its files
 * were altered, truncated or reordered. Its code is always {@link VaultError#CORRUPTED}.
 */
public final class VaultCorrupted extends VaultException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, without data values */
    public VaultCorrupted(String message) {
        super(VaultError.CORRUPTED, message);
    }
}
