package dev.deberta4j.benchmark.source;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * How {@link DataFetcher} fetches a task.
 *
 * @param mirror        replaces the raw.githubusercontent.com prefix of every URL
 * @param force         download again even files already present and verified, and replace mismatching ones
 * @param includeExtras also fetch the files the recipe does not use ({@link FileRole#EXTRA})
 */
public record FetchOptions(Optional<SourceMirror> mirror, boolean force, boolean includeExtras) {

    public static final FetchOptions DEFAULT = new FetchOptions(Optional.empty(), false, false);

    public Set<FileRole> roles() {
        return includeExtras ? EnumSet.allOf(FileRole.class) : EnumSet.of(FileRole.TRAIN, FileRole.DEV, FileRole.TEST);
    }
}
