package dev.deberta4j.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the Hub is, where its cache lives, which token to send and whether the network may be used.
 * {@link #fromEnvironment()} reads the same variables as Python's {@code huggingface_hub}, so both share one cache.
 *
 * @param endpoint base URL of the Hub, without a trailing slash ({@code HF_ENDPOINT})
 * @param cacheDir the hub cache holding {@code models--org--name} folders ({@code HF_HUB_CACHE})
 * @param token    bearer token for gated or private repos ({@code HF_TOKEN} or the token file)
 * @param offline  {@code HF_HUB_OFFLINE}: never touch the network, answer from the cache only
 */
public record HubSettings(URI endpoint, Path cacheDir, Optional<String> token, boolean offline) {

    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");

    /** Values huggingface_hub treats as true for boolean environment variables. */
    private static final Set<String> TRUE_VALUES = Set.of("1", "ON", "YES", "TRUE");

    public HubSettings {
        if (endpoint == null || endpoint.getScheme() == null || endpoint.getHost() == null) {
            throw new IllegalArgumentException("Hub endpoint must be an absolute http(s) URL, found: " + endpoint);
        }
        endpoint = URI.create(stripTrailingSlashes(endpoint.toString()));
        cacheDir = cacheDir.toAbsolutePath().normalize();
        token = token.map(String::strip).filter(t -> !t.isEmpty());
    }

    /** Settings from this process's environment variables and home directory. */
    public static HubSettings fromEnvironment() {
        return fromEnvironment(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /**
     * Settings from the given variables, resolved as huggingface_hub does:
     * HF_HOME (default {@code $XDG_CACHE_HOME/huggingface} or {@code ~/.cache/huggingface}),
     * HF_HUB_CACHE (default {@code $HF_HOME/hub}), token from HF_TOKEN, else the file HF_TOKEN_PATH
     * (default {@code $HF_HOME/token}).
     */
    public static HubSettings fromEnvironment(Map<String, String> env, Path userHome) {
        Path xdgCache = value(env, "XDG_CACHE_HOME").map(Path::of).orElse(userHome.resolve(".cache"));
        Path hfHome = value(env, "HF_HOME").map(Path::of).orElse(xdgCache.resolve("huggingface"));
        Path cache = value(env, "HF_HUB_CACHE").or(() -> value(env, "HUGGINGFACE_HUB_CACHE"))
                .map(Path::of).orElse(hfHome.resolve("hub"));
        URI endpoint = value(env, "HF_ENDPOINT").map(URI::create).orElse(DEFAULT_ENDPOINT);
        Optional<String> token = value(env, "HF_TOKEN").or(() -> value(env, "HUGGING_FACE_HUB_TOKEN"))
                .or(() -> readTokenFile(value(env, "HF_TOKEN_PATH").map(Path::of).orElse(hfHome.resolve("token"))));
        boolean offline = value(env, "HF_HUB_OFFLINE").map(v -> TRUE_VALUES.contains(v.toUpperCase(Locale.ROOT)))
                .orElse(false);
        return new HubSettings(endpoint, cache, token, offline);
    }

    public HubSettings withCacheDir(Path dir) {
        return new HubSettings(endpoint, dir, token, offline);
    }

    public HubSettings withOffline(boolean value) {
        return new HubSettings(endpoint, cacheDir, token, value);
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static Optional<String> readTokenFile(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file).strip()).filter(t -> !t.isEmpty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Hugging Face token file " + file, e);
        }
    }

    private static String stripTrailingSlashes(String url) {
        String s = url;
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
