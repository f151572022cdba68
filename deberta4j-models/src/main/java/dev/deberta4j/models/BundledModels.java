package dev.deberta4j.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The models shipped with deberta4j, as Hugging Face model directories on disk. They travel as class-path
 * resources of this artifact and are copied once into a cache directory ({@code $XDG_CACHE_HOME/deberta4j/models},
 * else {@code ~/.cache/deberta4j/models}; the {@code deberta4j.models.cache} system property overrides it), one
 * folder per model and artifact version, written to a temporary folder and renamed into place so a reader never
 * sees half a copy. A copy whose file sizes differ from the resources is replaced, not trusted.
 *
 * <pre>{@code
 * Path dir = BundledModels.koreanSentiment();   // then DebertaModel.load(dir), Pipelines.load(dir), ...
 * }</pre>
 */
public final class BundledModels {
    /** A small Korean sentiment classifier (NSMC, 2 layers, hidden 128; labels negative / positive). */
    public static final String KOREAN_SENTIMENT = "nsmc-sentiment-small";
    static final String CACHE_PROPERTY = "deberta4j.models.cache";
    private static final String VERSION = "0.1.0";
    private static final List<String> FILES = List.of("config.json", "model.safetensors", "tokenizer.json",
            "tokenizer_config.json", "special_tokens_map.json", "training_columns.json", "README.md");

    private BundledModels() {
    }

    /** The bundled Korean sentiment model's directory. */
    public static Path koreanSentiment() {
        return directory(KOREAN_SENTIMENT);
    }

    /** A bundled model's directory by name (e.g. {@link #KOREAN_SENTIMENT}), copied out of the class path if needed. */
    public static synchronized Path directory(String name) {
        if (!KOREAN_SENTIMENT.equals(name)) {
            throw new IllegalArgumentException("no bundled model '" + name + "': the bundled models are [" + KOREAN_SENTIMENT + "]");
        }
        Path dir = cacheRoot().resolve(name + "-" + VERSION);
        try {
            if (complete(name, dir)) return dir;
            Files.createDirectories(dir.getParent());
            Path temp = Files.createTempDirectory(dir.getParent(), "." + name + ".tmp-");
            try {
                for (String file : FILES) {
                    try (InputStream in = resource(name, file).openStream()) {
                        Files.copy(in, temp.resolve(file));
                    }
                }
                if (Files.exists(dir)) deleteRecursively(dir);   // an incomplete or altered copy
                Files.move(temp, dir, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                if (Files.exists(temp)) deleteRecursively(temp);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the bundled model " + name + " to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static boolean complete(String name, Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        for (String file : FILES) {
            Path f = dir.resolve(file);
            URLConnection c = resource(name, file).openConnection();
            if (!Files.isRegularFile(f) || Files.size(f) != c.getContentLengthLong()) return false;
        }
        return true;
    }

    private static URL resource(String name, String file) {
        URL url = BundledModels.class.getResource(name + "/" + file);
        if (url == null) {
            throw new IllegalStateException("the class path lacks dev/deberta4j/models/" + name + "/" + file
                    + " (is the deberta4j-models jar complete?)");
        }
        return url;
    }

    private static Path cacheRoot() {
        String property = System.getProperty(CACHE_PROPERTY);
        if (property != null && !property.isBlank()) return Path.of(property);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("deberta4j").resolve("models");
    }

    private static void deleteRecursively(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
