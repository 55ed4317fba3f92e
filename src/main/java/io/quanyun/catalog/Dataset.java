package io.quanyun.catalog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;

/** A dataset registered by a data provider: its description and typed, classified fields. */
@Table("dataset")
final class Dataset {

    private final @Id UUID id;
    private final String code;
    private String name;
    private String description;
    private final UUID providerId;
    private String domains;
    private String updateFrequency;
    private DatasetState state;
    private @Nullable Integer currentVersion;
    private final Instant createdAt;
    private Instant updatedAt;
    @MappedCollection(idColumn = "dataset", keyColumn = "position")
    private List<DatasetField> fields;
    private @Version @Nullable Long version;

    @PersistenceCreator
    Dataset(UUID id, String code, String name, String description, UUID providerId, String domains,
            String updateFrequency, DatasetState state, @Nullable Integer currentVersion, Instant createdAt,
            Instant updatedAt, List<DatasetField> fields, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.code = requireNonNull(code, "code is null");
        this.name = requireNonNull(name, "name is null");
        this.description = requireNonNull(description, "description is null");
        this.providerId = requireNonNull(providerId, "providerId is null");
        this.domains = requireNonNull(domains, "domains is null");
        this.updateFrequency = requireNonNull(updateFrequency, "updateFrequency is null");
        this.state = requireNonNull(state, "state is null");
        this.currentVersion = currentVersion;
        this.createdAt = requireNonNull(createdAt, "createdAt is null");
        this.updatedAt = requireNonNull(updatedAt, "updatedAt is null");
        this.fields = new ArrayList<>(fields);
        this.version = version;
    }

    static Dataset register(String code, String name, String description, UUID providerId, Set<Domain> domains,
            String updateFrequency, List<DatasetField> fields, Instant now) {
        return new Dataset(UUID.randomUUID(), code, name, description, providerId, domainsText(domains),
                updateFrequency, DatasetState.DRAFT, null, now, now, fields, null);
    }

    /** Moves to {@code target} or refuses with {@link ErrorCode#ILLEGAL_STATE_TRANSITION}. */
    void transitionTo(DatasetState target, Instant now) {
        if (!state.next().contains(target)) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "Dataset " + code + " cannot go from " + state + " to " + target, List.of(), "dataset",
                    id.toString());
        }
        state = target;
        updatedAt = now;
    }

    /** Replaces the description and schema; only while the provider is still drafting. */
    void redescribe(String newName, String newDescription, Set<Domain> newDomains, String newFrequency,
            List<DatasetField> newFields, Instant now) {
        if (state != DatasetState.DRAFT) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "Only a draft dataset can be redescribed; this one is " + state, List.of(), "dataset",
                    id.toString());
        }
        name = newName;
        description = newDescription;
        domains = domainsText(newDomains);
        updateFrequency = newFrequency;
        fields = new ArrayList<>(newFields);
        updatedAt = now;
    }

    /**
     * Changes the descriptive metadata of a published dataset (name, description, domains, frequency); the
     * schema stays as registered. Such a change is registered as a change record.
     */
    void amend(String newName, String newDescription, Set<Domain> newDomains, String newFrequency, Instant now) {
        if (state != DatasetState.PUBLISHED) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "Only a published dataset is amended with a change registration; this one is " + state,
                    List.of(), "dataset", id.toString());
        }
        name = newName;
        description = newDescription;
        domains = domainsText(newDomains);
        updateFrequency = newFrequency;
        updatedAt = now;
    }

    /** Replaces the declared rules of one field; the schema stays. Refused once withdrawn. */
    void declareRules(String fieldName, FieldRules rules, Instant now) {
        if (state == DatasetState.WITHDRAWN) {
            throw new QuanyunException(ErrorCode.ILLEGAL_STATE_TRANSITION,
                    "A withdrawn dataset's rules cannot change", List.of(), "dataset", id.toString());
        }
        List<DatasetField> changed = new ArrayList<>();
        for (DatasetField field : fields) {
            changed.add(field.name().equals(fieldName) ? field.withRules(rules) : field);
        }
        fields = changed;
        updatedAt = now;
    }

    void versionServed(int newVersion, Instant now) {
        currentVersion = newVersion;
        updatedAt = now;
    }

    UUID id() {
        return id;
    }

    String code() {
        return code;
    }

    UUID providerId() {
        return providerId;
    }

    DatasetState state() {
        return state;
    }

    @Nullable Integer currentVersion() {
        return currentVersion;
    }

    List<DatasetField> fields() {
        return List.copyOf(fields);
    }

    Set<Domain> domains() {
        if (domains.isBlank()) {
            return EnumSet.noneOf(Domain.class);
        }
        return Arrays.stream(domains.split(",")).map(Domain::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Domain.class)));
    }

    String updateFrequency() {
        return updateFrequency;
    }

    Instant updatedAt() {
        return updatedAt;
    }

    DatasetDescriptor descriptor() {
        return new DatasetDescriptor(id, code, name, description, providerId, domains(), state,
                fields.stream().map(DatasetField::descriptor).toList(), currentVersion);
    }

    private static String domainsText(Set<Domain> domains) {
        return domains.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }
}
