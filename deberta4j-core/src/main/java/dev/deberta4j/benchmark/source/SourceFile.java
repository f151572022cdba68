package dev.deberta4j.benchmark.source;

import dev.deberta4j.download.FileDigests;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One file of a task as published at its pinned source commit.
 *
 * @param name         the file name in a task's data folder (the canonical name, uncompressed)
 * @param url          where the canonical bytes are downloaded from
 * @param role         what the recipe uses it for
 * @param rows         data rows, header excluded
 * @param gzipInShared whether the shared data folder keeps it as {@code name.gz}
 * @param sha256       SHA-256 of the content, where known
 * @param gitBlobSha1  git blob id of the content at the source commit, where known
 */
public record SourceFile(String name, URI url, FileRole role, long rows, boolean gzipInShared,
        Optional<String> sha256, Optional<String> gitBlobSha1) {

    public SourceFile {
        if (sha256.isEmpty() && gitBlobSha1.isEmpty()) {
            throw new IllegalArgumentException(name + ": needs a sha256 or a gitBlobSha1 to be verifiable");
        }
    }

    /** What differs between the expected digests and {@code actual}, one phrase each; empty when all match. */
    public List<String> mismatches(FileDigests actual) {
        List<String> differences = new ArrayList<>(2);
        sha256.filter(expected -> !expected.equals(actual.sha256())).ifPresent(expected -> differences.add(
                "sha256 expected " + expected + ", found " + actual.sha256()));
        gitBlobSha1.filter(expected -> !expected.equals(actual.gitBlobSha1())).ifPresent(expected -> differences.add(
                "git blob id expected " + expected + ", found " + actual.gitBlobSha1()));
        return differences;
    }

    /** The digests a copy is checked against, for messages: "sha256 + git blob id" or one of them. */
    public String checkedBy() {
        if (sha256.isPresent() && gitBlobSha1.isPresent()) {
            return "sha256 + git blob id";
        }
        return sha256.isPresent() ? "sha256" : "git blob id";
    }
}
