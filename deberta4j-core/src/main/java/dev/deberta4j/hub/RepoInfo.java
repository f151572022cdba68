package dev.deberta4j.hub;

import java.util.List;

/**
 * The answer of {@code /api/models/{repo}/revision/{revision}}: the commit the revision points to and the
 * repo-relative paths of every file at that commit.
 */
public record RepoInfo(String commit, List<String> files) {
    public RepoInfo {
        files = List.copyOf(files);
    }
}
