package io.quanyun.authorization;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/** Anyone's objection to a shortlisted application; the contact details are kept from the public. */
public record FileObjection(UUID callId, @Nullable UUID applicationId, @Nullable String text,
        @Nullable String contactName, @Nullable String contactDetails) {
}
