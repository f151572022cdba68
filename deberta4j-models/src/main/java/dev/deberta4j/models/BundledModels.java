package dev.deberta4j.models;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The models shipped with deberta4j, as Hugging Face model directories on disk. They travel as class-path
 * resources of this artifact and are copied once into a cache directory ({@code $XDG_CACHE_HOME/deberta4j/models},
 * else {@code ~/.cache/deberta4j/models}; the {@code deberta4j.models.cache} system property overrides it), one
 * folder per model and artifact version, written to a temporary folder and renamed into place so a reader never
 * sees half a copy. Each copy records a fingerprint of its resources (size and CRC-32 of every file); a copy whose
 * fingerprint differs (an altered copy, or a newer model of the same shape in a newer jar) is replaced, not trusted.
 *
 * <pre>{@code
 * Path dir = BundledModels.koreanSentiment();   // then DebertaModel.load(dir), Pipelines.load(dir), ...
 * Path mlm = BundledModels.koreanGenerator();   // fill-mask
 * }</pre>
 */
public final class BundledModels {
    /**
     * Our Korean sentiment classifier: the NSMC fine-tune of {@link #KOREAN_DISCRIMINATOR} (6 layers, hidden 256;
     * labels negative / positive).
     */
    public static final String KOREAN_SENTIMENT = "ko-deberta-v3-h256l6-nsmc";
    /** Our pre-trained Korean DeBERTa-V3 discriminator (6 layers, hidden 256; a base model for embed and fine-tuning). */
    public static final String KOREAN_DISCRIMINATOR = "ko-deberta-v3-h256l6/discriminator";
    /** The generator pre-trained with it (3 layers, hidden 256, masked-LM head; for fill-mask). */
    public static final String KOREAN_GENERATOR = "ko-deberta-v3-h256l6/generator";
    static final String CACHE_PROPERTY = "deberta4j.models.cache";
    private static final String VERSION = "0.1.0";
    private static final String FINGERPRINT = ".deberta4j-bundled";
    private static final List<String> TOKENIZER = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json");
    private static final Map<String, List<String>> FILES = Map.of(
            KOREAN_SENTIMENT, files(List.of("spm.model", "training_columns.json", "README.md")),
            KOREAN_DISCRIMINATOR, files(List.of("spm.model")),
            KOREAN_GENERATOR, files(List.of("spm.model")));

    private BundledModels() {
    }

    /** The bundled Korean sentiment model's directory. */
    public static Path koreanSentiment() {
        return directory(KOREAN_SENTIMENT);
    }

    /** The bundled pre-trained Korean discriminator's directory (embed, fine-tuning). */
    public static Path koreanDiscriminator() {
        return directory(KOREAN_DISCRIMINATOR);
    }

    /** The bundled pre-trained Korean generator's directory (fill-mask). */
    public static Path koreanGenerator() {
        return directory(KOREAN_GENERATOR);
    }

    /** The names {@link #directory} accepts. */
    public static List<String> names() {
        return FILES.keySet().stream().sorted().toList();
    }

    /** A bundled model's directory by name (e.g. {@link #KOREAN_SENTIMENT}), copied out of the class path if needed. */
    public static synchronized Path directory(String name) {
        List<String> files = FILES.get(name);
        if (files == null) {
            throw new IllegalArgumentException("no bundled model '" + name + "': the bundled models are " + names());
        }
        Path dir = cacheRoot().resolve(name.replace('/', '-') + "-" + VERSION);
        try {
            String fingerprint = fingerprint(name, files);
            if (complete(dir, fingerprint)) return dir;
            Files.createDirectories(dir.getParent());
            Path temp = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + ".tmp-");
            try {
                for (String file : files) {
                    try (InputStream in = resource(name, file).openStream()) {
                        Files.copy(in, temp.resolve(file));
                    }
                }
                Files.writeString(temp.resolve(FINGERPRINT), fingerprint, StandardCharsets.UTF_8);
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

    private static List<String> files(List<String> extra) {
        List<String> all = new ArrayList<>(List.of("config.json", "model.safetensors"));
        all.addAll(TOKENIZER);
        all.addAll(extra);
        return List.copyOf(all);
    }

    /**
     * A copy is complete when its recorded fingerprint equals the resources' and every file it lists (one line per
     * bundled file) is there with the recorded size.
     */
    private static boolean complete(Path dir, String fingerprint) throws IOException {
        Path recorded = dir.resolve(FINGERPRINT);
        if (!Files.isRegularFile(recorded) || !Files.readString(recorded, StandardCharsets.UTF_8).equals(fingerprint)) {
            return false;
        }
        for (String line : fingerprint.split("\n")) {
            String[] f = line.split("\t");
            Path file = dir.resolve(f[0]);
            if (!Files.isRegularFile(file) || Files.size(file) != Long.parseLong(f[1])) return false;
        }
        return true;
    }

    /**
     * One line per file: name, size and a version stamp (the CRC-32 of the jar entry, or the modification time when
     * the resources are plain files, as in this module's own tests), cheap to compute without reading the weights.
     */
    private static String fingerprint(String name, List<String> files) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (String file : files) {
            URL url = resource(name, file);
            long size;
            long stamp;
            if ("file".equals(url.getProtocol())) {
                Path path = Path.of(URI.create(url.toString()));
                size = Files.size(path);
                stamp = Files.getLastModifiedTime(path).toMillis();
            } else {
                URLConnection c = url.openConnection();
                size = c.getContentLengthLong();
                stamp = c instanceof JarURLConnection jar ? jar.getJarEntry().getCrc() : c.getLastModified();
            }
            sb.append(file).append('\t').append(size).append('\t').append(stamp).append('\n');
        }
        return sb.toString();
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
