package io.quanyun.catalog;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Test sources only: builds a {@link ConsentSet} as the registry does, for benchmarks outside the catalog. */
public final class ConsentSetsForBenchmarks {

    private ConsentSetsForBenchmarks() {
    }

    public static ConsentSet of(String purpose, UUID operatorId, long generation, LocalDate day, List<String> hashes) {
        return ConsentSet.of(purpose, operatorId, generation, day, hashes);
    }
}
