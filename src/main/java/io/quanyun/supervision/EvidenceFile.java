package io.quanyun.supervision;

import java.nio.file.Path;

/** A stored evidence file: its original name and where it lies under the data directory. */
public record EvidenceFile(String name, Path path) {
}
