package io.quanyun.product;

import org.jspecify.annotations.Nullable;

/**
 * One verification call.
 *
 * @param subject the subject's identifier (e.g. an identity number); only its keyed hash is kept
 * @param value the input compared with the subject's attribute (a district, or an ISO date)
 * @param consentToken reserved for consent tokens issued by the subject; not accepted yet
 */
public record VerificationCall(@Nullable String subject, @Nullable String value, @Nullable String consentToken) {

    @Override
    public String toString() {
        return "VerificationCall[subject hidden, value hidden]";
    }
}
