package dev.deberta4j.benchmark.source;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What a data folder holds of one task file.
 *
 * @param path       the copy found ({@code name} or {@code name.gz}), empty when {@link State#MISSING}
 * @param mismatches the digest differences of a {@link State#MISMATCH}
 */
public record LocalFileStatus(SourceFile file, Optional<Path> path, State state, List<String> mismatches) {

    public enum State {
        /** Neither {@code name} nor {@code name.gz} is there. */
        MISSING,
        /** Present; its content has the expected digests. */
        VERIFIED,
        /** Present; its content does not have the expected digests. */
        MISMATCH,
        /** Present; not hashed (checking was not asked for). */
        UNVERIFIED
    }

    public LocalFileStatus {
        mismatches = List.copyOf(mismatches);
    }
}
