package dev.deberta4j.download;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * The ids a file's content is checked against: its SHA-256, and its git blob id, the SHA-1 git gives a file in a
 * tree (over {@code "blob <length>\0"} followed by the content), so a download can be matched to a pinned commit.
 *
 * @param length bytes of content (after decompression for {@link #ofGzipContent})
 */
public record FileDigests(long length, String sha256, String gitBlobSha1) {

    private static final int BUFFER_BYTES = 1 << 20;

    /** Both digests of a file's bytes, in one pass. */
    public static FileDigests of(Path file) throws IOException {
        long length = Files.size(file);
        try (InputStream in = Files.newInputStream(file)) {
            return digest(in, length);
        }
    }

    /** Both digests of the content a gzip file holds: one pass to learn its length (the blob header), one to hash. */
    public static FileDigests ofGzipContent(Path gzipFile) throws IOException {
        long length;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gzipFile), BUFFER_BYTES)) {
            length = in.transferTo(OutputStream.nullOutputStream());
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gzipFile), BUFFER_BYTES)) {
            return digest(in, length);
        }
    }

    /** SHA-256 alone, for callers that have no git blob id to compare with (one digest is half the work). */
    public static String sha256(Path file) throws IOException {
        MessageDigest sha256 = algorithm("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER_BYTES];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                sha256.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    /** The git blob id of bytes held in memory (tests, small files). */
    public static String gitBlobSha1(byte[] content) {
        MessageDigest sha1 = algorithm("SHA-1");
        sha1.update(blobHeader(content.length));
        return HexFormat.of().formatHex(sha1.digest(content));
    }

    private static FileDigests digest(InputStream in, long length) throws IOException {
        MessageDigest sha256 = algorithm("SHA-256");
        MessageDigest sha1 = algorithm("SHA-1");
        sha1.update(blobHeader(length));
        byte[] buffer = new byte[BUFFER_BYTES];
        long seen = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            sha256.update(buffer, 0, n);
            sha1.update(buffer, 0, n);
            seen += n;
        }
        if (seen != length) {
            throw new IOException("content changed while it was hashed: " + length + " bytes expected, " + seen
                    + " read");
        }
        HexFormat hex = HexFormat.of();
        return new FileDigests(length, hex.formatHex(sha256.digest()), hex.formatHex(sha1.digest()));
    }

    private static byte[] blobHeader(long length) {
        return ("blob " + length + "\0").getBytes(StandardCharsets.US_ASCII);
    }

    private static MessageDigest algorithm(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides " + name, e);
        }
    }
}
