package io.quanyun.sandbox;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.catalog.ConsentRegistry;
import io.quanyun.catalog.ConsentSet;
import io.quanyun.catalog.SubjectHash;
import io.quanyun.sandbox.engine.AllowedKeys;
import io.quanyun.sandbox.engine.RowFilter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Art. 6: the consent row filters of a grant. A grant with a consent purpose sees, in every granted table holding
 * personal information, only the rows whose privacy unit belongs to a subject whose consent to that purpose for
 * the grant's operator holds today. The registry knows subjects only by their keyed hash, which the engine computes
 * from the privacy unit with the registry's own expression.
 *
 * <p>The registry hands out one immutable {@link ConsentSet} per (purpose, operator), generation and day; the keys
 * wrapping it (and their fingerprint, once per column) are kept here for as long as the registry hands out the same
 * set, so a query pays one indexed read of the generation, not a read, sort and hash of every consenting subject.
 * Queries ({@link SandboxManagement}) and model training ({@link ModelTraining}) use the same filters.
 */
@Component
class ConsentFilters {

    private final ConsentRegistry consents;
    private final Map<String, Held> held = new ConcurrentHashMap<>();

    ConsentFilters(ConsentRegistry consents) {
        this.consents = consents;
    }

    /** Per personal table of the grant, its consent row filter; none when the grant has no consent purpose. */
    Map<String, RowFilter> of(GrantTranslation.Translated translated, GrantDescriptor grant) {
        List<GrantTranslation.TranslatedTable> filtered = translated.consentFiltered();
        if (filtered.isEmpty()) {
            return Map.of();
        }
        AllowedKeys allowed = allowedKeys(translated.consentPurpose(), grant.operatorId());
        SubjectHash hash = consents.subjectHash();
        var filters = new HashMap<String, RowFilter>();
        for (GrantTranslation.TranslatedTable table : filtered) {
            filters.put(table.table().name(), new RowFilter(table.table().privacyUnitColumn(), hash::sqlExpression,
                    allowed));
        }
        return filters;
    }

    private AllowedKeys allowedKeys(String purpose, UUID operatorId) {
        ConsentSet set = consents.consentingSet(purpose, operatorId);
        String key = purpose + "\n" + operatorId;
        Held current = held.get(key);
        if (current != null && current.set == set) {
            return current.keys;
        }
        AllowedKeys keys = AllowedKeys.sorted(set.size(), set::forEachHash);
        if (held.size() > 64) {
            held.clear();
        }
        held.put(key, new Held(set, keys));
        return keys;
    }

    private record Held(ConsentSet set, AllowedKeys keys) {
    }
}
