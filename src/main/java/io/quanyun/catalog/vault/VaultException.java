package io.quanyun.catalog.vault;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * Any failure of the vault, with a stable {@link VaultError} code.
 *
 * <p>The message may name a dataset, a version, a line number and a field name, but never a
 * value of the data: it is safe to log and to show. A cause is attached only when its own
 * message cannot contain data either.
 */
public class VaultException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final VaultError error;

    /**
     * @param error the stable code
     * @param message a message without data values
     */
    public VaultException(VaultError error, String message) {
        this(error, message, null);
    }

    /**
     * @param error the stable code
     * @param message a message without data values
     * @param cause a cause whose message cannot contain data values, or null
     */
    public VaultException(VaultError error, String message, @Nullable Throwable cause) {
        super(requireNonNull(error, "error is null") + ": " + requireNonNull(message, "message is null"), cause);
        this.error = error;
    }

    /** @return the stable code of this failure */
    public VaultError error() {
        return error;
    }
}
