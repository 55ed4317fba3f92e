package io.quanyun.access;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import io.quanyun.catalog.Classification;
import io.quanyun.catalog.DatasetDescriptor;
import io.quanyun.catalog.DatasetDirectory;
import io.quanyun.catalog.DatasetState;
import io.quanyun.catalog.FieldDescriptor;
import io.quanyun.catalog.PersonalInformation;
import io.quanyun.shared.ErrorCode;
import io.quanyun.shared.QuanyunException;
import io.quanyun.shared.Violation;

/**
 * Which data a request may ask for: only published datasets in the agreement's scope, only fields they have,
 * never core data (GB/T 43697), and sensitive personal fields only with a consent purpose (Art. 6). Every
 * problem is collected; the refusal carries the most serious code and all of them.
 */
final class RequestedDataPolicy {

    /** The codes of refusal, most serious first. */
    private static final List<ErrorCode> SEVERITY = List.of(ErrorCode.VALIDATION_FAILED,
            ErrorCode.CORE_DATA_NOT_AUTHORIZABLE, ErrorCode.DATASET_OUTSIDE_AGREEMENT, ErrorCode.DATASET_NOT_PUBLISHED,
            ErrorCode.UNKNOWN_FIELD, ErrorCode.CONSENT_REQUIRED);

    /**
     * The outcome: the resolved datasets and fields, or the refusal.
     *
     * @param refusal null when the request may go on
     */
    record Decision(List<RequestedDataset> datasets, List<FieldDescriptor> fields, boolean sensitive,
            @Nullable ErrorCode refusal, List<Violation> violations) {

        boolean allowed() {
            return refusal == null;
        }

        /** Throws the refusal, if there is one. */
        Decision orThrow() {
            if (refusal != null) {
                throw new QuanyunException(refusal, refusal.titleEn(), violations);
            }
            return this;
        }
    }

    private RequestedDataPolicy() {
    }

    static Decision evaluate(@Nullable List<RequestedFields> requested, AgreementTerms agreement,
            @Nullable String consentPurpose, DatasetDirectory catalog) {
        Map<ErrorCode, List<Violation>> problems = new LinkedHashMap<>();
        List<RequestedDataset> datasets = new ArrayList<>();
        List<FieldDescriptor> granted = new ArrayList<>();
        boolean sensitive = false;
        if (requested == null || requested.isEmpty()) {
            add(problems, ErrorCode.VALIDATION_FAILED, "datasets", "至少申请一个数据集 (at least one dataset)");
        } else {
            Set<UUID> seen = new HashSet<>();
            for (int i = 0; i < requested.size(); i++) {
                RequestedFields item = requested.get(i);
                String at = "datasets[" + i + "]";
                Optional<DatasetDescriptor> found = item == null ? Optional.empty() : resolve(item.dataset(), catalog);
                if (found.isEmpty()) {
                    add(problems, ErrorCode.VALIDATION_FAILED, at + ".dataset", "未知数据集 (unknown dataset)");
                    continue;
                }
                DatasetDescriptor dataset = found.get();
                if (!seen.add(dataset.id())) {
                    add(problems, ErrorCode.VALIDATION_FAILED, at + ".dataset",
                            "数据集重复 (dataset " + dataset.code() + " appears twice)");
                    continue;
                }
                if (dataset.state() != DatasetState.PUBLISHED) {
                    add(problems, ErrorCode.DATASET_NOT_PUBLISHED, at + ".dataset",
                            "数据集未发布 (dataset " + dataset.code() + " is not published)");
                }
                if (!agreement.datasetIds().contains(dataset.id())) {
                    add(problems, ErrorCode.DATASET_OUTSIDE_AGREEMENT, at + ".dataset",
                            "不在协议范围内 (dataset " + dataset.code() + " is outside the agreement)");
                }
                List<String> names = item.fields() == null ? List.of() : item.fields();
                if (names.isEmpty()) {
                    add(problems, ErrorCode.VALIDATION_FAILED, at + ".fields", "至少一个字段 (at least one field)");
                    continue;
                }
                List<String> accepted = new ArrayList<>();
                for (int j = 0; j < names.size(); j++) {
                    String name = names.get(j) == null ? "" : names.get(j).trim();
                    String fieldAt = at + ".fields[" + j + "]";
                    Optional<FieldDescriptor> field = dataset.field(name);
                    if (field.isEmpty()) {
                        add(problems, ErrorCode.UNKNOWN_FIELD, fieldAt,
                                "数据集" + dataset.code() + "没有该字段 (no such field in " + dataset.code() + ")");
                        continue;
                    }
                    if (accepted.contains(name)) {
                        add(problems, ErrorCode.VALIDATION_FAILED, fieldAt, "字段重复 (duplicate field)");
                        continue;
                    }
                    if (field.get().classification() == Classification.CORE) {
                        add(problems, ErrorCode.CORE_DATA_NOT_AUTHORIZABLE, fieldAt,
                                "核心数据不得授权 (" + dataset.code() + "." + name + " is core data)");
                        continue;
                    }
                    sensitive |= field.get().personalInformation() == PersonalInformation.SENSITIVE;
                    accepted.add(name);
                    granted.add(field.get());
                }
                datasets.add(RequestedDataset.of(dataset.id(), dataset.code(), dataset.providerId(), accepted));
            }
        }
        if (sensitive && (consentPurpose == null || consentPurpose.isBlank())) {
            add(problems, ErrorCode.CONSENT_REQUIRED, "consentPurpose",
                    "申请敏感个人信息须说明数据主体同意的用途 (sensitive personal fields need the consented purpose)");
        }
        ErrorCode refusal = SEVERITY.stream().filter(problems::containsKey).findFirst().orElse(null);
        List<Violation> violations = problems.values().stream().flatMap(List::stream).toList();
        return new Decision(datasets, granted, sensitive, refusal, violations);
    }

    private static Optional<DatasetDescriptor> resolve(@Nullable String reference, DatasetDirectory catalog) {
        if (reference == null || reference.isBlank()) {
            return Optional.empty();
        }
        String text = reference.trim();
        try {
            return catalog.find(UUID.fromString(text));
        } catch (IllegalArgumentException notAnId) {
            return catalog.findByCode(text);
        }
    }

    private static void add(Map<ErrorCode, List<Violation>> problems, ErrorCode code, String field, String message) {
        problems.computeIfAbsent(code, c -> new ArrayList<>()).add(new Violation(field, message));
    }
}
