package dev.deberta4j.hub;

import java.net.URI;

/**
 * What a HEAD on {@code /{repo}/resolve/{revision}/{file}} tells about one file.
 *
 * @param commit   the commit the revision resolved to ({@code X-Repo-Commit})
 * @param etag     the blob name: sha256 for LFS files ({@code X-Linked-Etag}), git blob id otherwise ({@code ETag}),
 *                 without quotes or {@code W/}
 * @param size     bytes ({@code X-Linked-Size} or {@code Content-Length}), -1 when not announced
 * @param location where to GET the bytes: the CDN redirect target for LFS files, else the resolve URL itself
 */
public record FileMetadata(String commit, String etag, long size, URI location) {

    /** LFS files are named by their SHA-256, which is what makes them verifiable after download. */
    public boolean etagIsSha256() {
        return etag.matches("[0-9a-f]{64}");
    }

    /** Regular files are named by their git blob id (40 hex digits), which makes them verifiable too. */
    public boolean etagIsGitBlobId() {
        return etag.matches("[0-9a-f]{40}");
    }
}
