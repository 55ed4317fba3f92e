package io.quanyun.catalog.vault;

/** Called at each {@link IngestionStage}; tests throw from it to simulate a crash half-way. */
@FunctionalInterface
interface IngestionHook {

    IngestionHook NONE = stage -> { };

    void reached(IngestionStage stage);
}
