package io.quanyun.supervision;

import java.time.LocalDate;
import java.util.UUID;


/** Event: a person's security training validity ended with no other valid training (Art. 16); the person's own access stops (workspace membership, product credentials), not the whole grant. */
public record TrainingLapsed(UUID userId, UUID organizationId, LocalDate validUntil) {
}
