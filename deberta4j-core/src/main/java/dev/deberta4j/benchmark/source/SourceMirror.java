package dev.deberta4j.benchmark.source;

import java.net.URI;
import java.util.Optional;

/**
 * A server holding the same tree as raw.githubusercontent.com ({@code <owner>/<repo>/<commit>/<path>}) under
 * {@code base}: a local mirror for machines without GitHub access, or the loopback server of the tests.
 */
public record SourceMirror(URI base) {

    /** Environment variable read when {@code --mirror} is not given. */
    public static final String ENVIRONMENT_VARIABLE = "DEBERTA4J_DATA_MIRROR";

    public SourceMirror {
        String scheme = base.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("mirror URL should start with http:// or https://, found '" + base
                    + "'");
        }
        if (!base.toString().endsWith("/")) {
            base = URI.create(base + "/");
        }
    }

    public static SourceMirror of(String url) {
        return new SourceMirror(URI.create(url));
    }

    /** {@value #ENVIRONMENT_VARIABLE} when set and not blank. */
    public static Optional<SourceMirror> fromEnvironment() {
        return Optional.ofNullable(System.getenv(ENVIRONMENT_VARIABLE)).filter(s -> !s.isBlank())
                .map(SourceMirror::of);
    }

    /** {@code url} with its raw.githubusercontent.com prefix replaced by {@link #base()}. */
    public URI rewrite(URI url) {
        String text = url.toString();
        if (!text.startsWith(DataSources.RAW_GITHUB)) {
            throw new IllegalArgumentException("only " + DataSources.RAW_GITHUB + " URLs can be mirrored, found "
                    + url);
        }
        return URI.create(base + text.substring(DataSources.RAW_GITHUB.length()));
    }
}
