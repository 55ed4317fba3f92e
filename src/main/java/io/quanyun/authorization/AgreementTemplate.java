package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;
import org.springframework.data.relational.core.mapping.Table;

import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violation;
import io.quanyun.shared.Violations;

/** A version of the model agreement text the authority publishes (Art. 9). */
@Table("agreement_template")
final class AgreementTemplate {

    private final @Id UUID id;
    private final int templateVersion;
    private final String title;
    private TemplateState state;
    private final Instant createdAt;
    private final String createdBy;
    @MappedCollection(idColumn = "template_id", keyColumn = "position")
    private final List<TemplateClause> clauses;
    private @Version @Nullable Long version;

    @PersistenceCreator
    AgreementTemplate(UUID id, int templateVersion, String title, TemplateState state, Instant createdAt,
            String createdBy, List<TemplateClause> clauses, @Nullable Long version) {
        this.id = requireNonNull(id, "id is null");
        this.templateVersion = templateVersion;
        this.title = requireNonNull(title, "title is null");
        this.state = requireNonNull(state, "state is null");
        this.createdAt = requireNonNull(createdAt, "createdAt is null");
        this.createdBy = requireNonNull(createdBy, "createdBy is null");
        this.clauses = new ArrayList<>(clauses);
        this.version = version;
    }

    /** A new current version; refused unless all eight clauses of Art. 9 are present and not blank. */
    static AgreementTemplate create(int templateVersion, @Nullable String title,
            @Nullable Map<ClauseKind, String> clauses, String by, Instant now) {
        Violations.create().check(title != null && !title.isBlank() && title.length() <= 200, "title",
                "范本标题必填 (a title is required)").throwIfAny();
        Map<ClauseKind, String> given = clauses == null ? Map.of() : clauses;
        Set<ClauseKind> missing = EnumSet.noneOf(ClauseKind.class);
        for (ClauseKind kind : ClauseKind.values()) {
            String text = given.get(kind);
            if (text == null || text.isBlank()) {
                missing.add(kind);
            }
        }
        if (!missing.isEmpty()) {
            throw new QuanyunException(ErrorCode.AGREEMENT_TEMPLATE_INCOMPLETE,
                    "The template lacks the clauses " + missing,
                    missing.stream().map(kind -> new Violation("clauses." + kind.name(),
                            "缺少条款：" + kind.headingZh() + " (clause missing)")).toList());
        }
        List<TemplateClause> ordered = new ArrayList<>();
        for (ClauseKind kind : ClauseKind.values()) {
            ordered.add(new TemplateClause(kind, given.get(kind).trim()));
        }
        return new AgreementTemplate(UUID.randomUUID(), templateVersion, title.trim(), TemplateState.CURRENT, now,
                by, ordered, null);
    }

    void supersede() {
        if (!state.canMoveTo(TemplateState.SUPERSEDED)) {
            throw Transitions.illegal("template", id, state, TemplateState.SUPERSEDED);
        }
        state = TemplateState.SUPERSEDED;
    }

    TemplateView view() {
        return new TemplateView(id, templateVersion, title, state, createdAt, createdBy, List.copyOf(clauses));
    }

    UUID id() { return id; }
    int templateVersion() { return templateVersion; }
    String title() { return title; }
    List<TemplateClause> clauses() { return List.copyOf(clauses); }
}
