package io.quanyun.sandbox;

import io.quanyun.access.GrantDescriptor;
import io.quanyun.access.GrantedDataset;
import io.quanyun.access.PrivacyTerms;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.catalog.FieldDescriptor;
import io.quanyun.catalog.PersonalInformation;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Turns a grant (access) and the catalog's field metadata into what the sandbox core checks against.
 *
 * <ul>
 *   <li>Each granted dataset becomes a table named by its code, with the granted fields; the
 *       dataset's privacy-unit field is always included (it is a direct identifier, so it is never
 *       output: it only lets the platform count distinct persons and join).</li>
 *   <li>Types: STRING text, INTEGER integer, DECIMAL double, DATE, TIMESTAMP, BOOLEAN.</li>
 *   <li>Disclosure roles come from the catalog field by field.</li>
 *   <li>Consent (Art. 6): a grant with a consent purpose (it touches sensitive personal fields) sees, in every
 *       granted table holding personal information, only the rows of subjects who consented to that purpose
 *       for the grant's operator.</li>
 *   <li>Policy: the grant's mode; differential privacy when the grant says so or does not say and a
 *       dataset holds personal information. k is the grant's, never below 5. Epsilon per query and in
 *       total are the grant's. Contribution bounds of measures come from
 *       {@code quanyun.sandbox.measure-bounds} ({@code table.column=lower:upper}), set by the
 *       platform from the published data's documented ranges, never from the data's own extremes
 *       (that would disclose the largest value).</li>
 * </ul>
 */
@Component
class GrantTranslation {

    private final DatasetDirectory datasets;
    private final SandboxSettings settings;

    GrantTranslation(DatasetDirectory datasets, SandboxSettings settings) {
        this.datasets = datasets;
        this.settings = settings;
    }

    /**
     * A granted dataset with its table as the sandbox sees it.
     *
     * @param personal whether a granted column of the table (the privacy unit included) holds personal
     *     information; such a table of a grant with a consent purpose shows only consenting subjects' rows
     */
    record TranslatedTable(String datasetId, GrantedTable table, boolean personal) {
    }

    /**
     * The grant as the core sees it, and its datasets by table.
     *
     * @param consentPurpose the purpose the subjects consented to, when the grant touches sensitive personal
     *     fields; null otherwise
     */
    record Translated(SandboxGrant grant, List<TranslatedTable> tables, @Nullable String consentPurpose) {

        /** The tables whose rows are limited to consenting subjects. */
        List<TranslatedTable> consentFiltered() {
            return consentPurpose == null ? List.of() : tables.stream().filter(TranslatedTable::personal).toList();
        }
    }

    Translated translate(GrantDescriptor grant) {
        var tables = new ArrayList<TranslatedTable>();
        boolean personal = false;
        for (GrantedDataset granted : grant.datasets()) {
            DatasetDescriptor dataset = datasets.find(granted.datasetId())
                    .orElseThrow(() -> new QuanyunException(ErrorCode.SANDBOX_DATA_NOT_AVAILABLE,
                            ErrorCode.SANDBOX_DATA_NOT_AVAILABLE.titleEn()));
            FieldDescriptor unit = dataset.privacyUnit()
                    .orElseThrow(() -> new QuanyunException(ErrorCode.SANDBOX_NO_PRIVACY_UNIT,
                            ErrorCode.SANDBOX_NO_PRIVACY_UNIT.titleEn()));
            var columns = new ArrayList<GrantedColumn>();
            boolean personalTable = false;
            for (FieldDescriptor field : dataset.fields()) {
                if (field.privacyUnit() || granted.fields().contains(field.name())) {
                    columns.add(GrantedColumn.of(field.name(), type(field.type()), role(field.disclosureRole())));
                    personalTable |= field.personalInformation() != PersonalInformation.NONE;
                }
            }
            personal |= personalTable;
            tables.add(new TranslatedTable(dataset.id().toString(),
                    new GrantedTable(granted.code(), columns, unit.name()), personalTable));
        }
        String purpose = grant.consentPurpose() == null || grant.consentPurpose().isBlank() ? null
                : grant.consentPurpose();
        return new Translated(new SandboxGrant(grant.id().toString(),
                tables.stream().map(TranslatedTable::table).toList(), policy(grant.privacy(), personal, tables)), tables,
                purpose);
    }

    private SandboxPolicy policy(PrivacyTerms terms, boolean personal, List<TranslatedTable> tables) {
        Map<String, Clamp> bounds = new TreeMap<>();
        settings.clamps().forEach((measure, clamp) -> {
            String table = measure.substring(0, Math.max(0, measure.indexOf('.')));
            if (tables.stream().anyMatch(t -> t.table().name().equals(table))) {
                bounds.put(measure, clamp);
            }
        });
        int k = Math.max(SandboxPolicy.LOWEST_MINIMUM_GROUP_SIZE, terms.minimumGroupSize() <= 0
                ? SandboxPolicy.DEFAULT_MINIMUM_GROUP_SIZE : terms.minimumGroupSize());
        String mode = terms.mode() == null ? "" : terms.mode().toUpperCase(Locale.ROOT);
        boolean differentialPrivacy = mode.equals("DIFFERENTIAL_PRIVACY") || (mode.isBlank() && personal);
        BigDecimal perQuery = positive(terms.epsilonPerQuery(), new BigDecimal("0.1"));
        BigDecimal total = positive(terms.totalEpsilon(), BigDecimal.TEN).max(perQuery);
        return new SandboxPolicy(k, differentialPrivacy ? PrivacyMode.DIFFERENTIAL_PRIVACY : PrivacyMode.THRESHOLD,
                bounds, perQuery, total, settings.maxRowsPerUnit());
    }

    private static BigDecimal positive(BigDecimal value, BigDecimal fallback) {
        return value == null || value.signum() <= 0 ? fallback : value;
    }

    static ColumnType type(String catalogType) {
        return switch (catalogType.toUpperCase(Locale.ROOT)) {
            case "INTEGER" -> ColumnType.INTEGER;
            case "DECIMAL" -> ColumnType.DOUBLE;
            case "DATE" -> ColumnType.DATE;
            case "TIMESTAMP" -> ColumnType.TIMESTAMP;
            case "BOOLEAN" -> ColumnType.BOOLEAN;
            default -> ColumnType.TEXT;
        };
    }

    static DisclosureRole role(io.quanyun.catalog.DisclosureRole role) {
        return switch (role) {
            case DIRECT_IDENTIFIER -> DisclosureRole.DIRECT_IDENTIFIER;
            case QUASI_IDENTIFIER -> DisclosureRole.QUASI_IDENTIFIER;
            case SENSITIVE_ATTRIBUTE -> DisclosureRole.SENSITIVE_ATTRIBUTE;
            case PLAIN_ATTRIBUTE -> DisclosureRole.PLAIN_ATTRIBUTE;
        };
    }
}
