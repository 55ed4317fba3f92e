package io.quanyun.authorization;

import static java.util.Objects.requireNonNull;

import org.springframework.data.relational.core.mapping.Table;

/**
 * One clause of an agreement template. The text may use the placeholders {@code {operator}},
 * {@code {legalRepresentative}}, {@code {authorizer}}, {@code {call}}, {@code {mode}}, {@code {scope}} and
 * {@code {term}}.
 */
@Table("template_clause")
public record TemplateClause(ClauseKind kind, String text) {
    public TemplateClause {
        requireNonNull(kind, "kind is null");
        requireNonNull(text, "text is null");
    }
}
