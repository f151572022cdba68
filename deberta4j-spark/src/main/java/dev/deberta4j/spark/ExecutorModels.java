package dev.deberta4j.spark;

import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.PipelineModel;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import scala.Tuple2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The models of this JVM (a Spark executor, or the driver in local mode): each model directory is loaded once per
 * head and shared by every task, keyed by its location and the SHA-256 of its files, so a directory that changes
 * between jobs is loaded afresh. Directories on a non-local Hadoop FileSystem (HDFS, S3, ...) are copied once to a
 * local folder first; {@code sparkfiles:NAME} is a directory shipped with {@code SparkContext.addFile(dir, true)}.
 */
final class ExecutorModels {
    private static final Map<String, Loaded> MODELS = new ConcurrentHashMap<>();
    /** Digest of a local directory by its listing (names, sizes, times), so unchanged files are hashed once. */
    private static final Map<String, String> DIGESTS = new ConcurrentHashMap<>();
    private static final Object COPY_LOCK = new Object();
    private static final java.util.concurrent.atomic.AtomicInteger LOADS = new java.util.concurrent.atomic.AtomicInteger();
    static final String SPARK_FILES = "sparkfiles:";

    private ExecutorModels() {
    }

    /** The loaded model at {@code location} with the given head. */
    static PipelineModel get(String location, HeadType head) {
        Path dir = localDirectory(location);
        String key = location + "|" + digest(dir) + "|" + head;
        return MODELS.computeIfAbsent(key, k -> new Loaded(dir, head)).get();
    }

    /** How many models this JVM holds (tests check that tasks share them). */
    static int loadedCount() {
        return MODELS.size();
    }

    /** How many times this JVM read model weights. */
    static int loads() {
        return LOADS.get();
    }

    /** Loads on first use; other tasks asking meanwhile wait for the same copy. */
    private static final class Loaded {
        private final Path dir;
        private final HeadType head;
        private volatile PipelineModel model;

        Loaded(Path dir, HeadType head) {
            this.dir = dir;
            this.head = head;
        }

        PipelineModel get() {
            PipelineModel m = model;
            if (m == null) {
                synchronized (this) {
                    m = model;
                    if (m == null) {
                        model = m = PipelineModel.load(dir, head);
                        LOADS.incrementAndGet();
                    }
                }
            }
            return m;
        }
    }

    static Path localDirectory(String location) {
        if (location.startsWith(SPARK_FILES)) return shipped(Path.of(SparkFiles.get(location.substring(SPARK_FILES.length()))));
        org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(location);
        if (path.toUri().getScheme() == null) return Path.of(location).toAbsolutePath();
        try {
            FileSystem fs = path.getFileSystem(hadoopConfiguration());
            if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) return Path.of(path.toUri());
            return copied(fs, path);
        } catch (IOException e) {
            throw new UncheckedIOException(location + ": " + e.getMessage(), e);
        }
    }

    /**
     * A directory added with {@code addFile(dir, true)} (local mode), or an archive added with {@code addArchive} /
     * {@code --archives model.zip#name} that Spark unpacked: when the archive held the model's folder rather than
     * its files, that single folder.
     */
    private static Path shipped(Path dir) {
        if (Files.isRegularFile(dir.resolve("config.json"))) return dir;
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> inside = s.toList();
            if (inside.size() == 1 && Files.isRegularFile(inside.getFirst().resolve("config.json"))) return inside.getFirst();
        } catch (IOException e) {
            throw new UncheckedIOException("shipped model " + dir + ": " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("shipped model " + dir + " has no config.json (nor a single folder with one)");
    }

    /** The executor's Hadoop settings: Hadoop's defaults and site files plus Spark's {@code spark.hadoop.*}. */
    private static Configuration hadoopConfiguration() {
        Configuration conf = new Configuration();
        SparkEnv env = SparkEnv.get();
        if (env != null) {
            for (Tuple2<String, String> kv : env.conf().getAll()) {
                if (kv._1().startsWith("spark.hadoop.")) conf.set(kv._1().substring("spark.hadoop.".length()), kv._2());
            }
        }
        return conf;
    }

    /**
     * A local copy of a remote directory, made once per JVM and version of the files (named by the location and the
     * remote listing); written to a temporary folder and renamed into place, so a half copy is never used.
     */
    private static Path copied(FileSystem fs, org.apache.hadoop.fs.Path remote) throws IOException {
        StringBuilder listing = new StringBuilder(remote.toString());
        for (FileStatus f : fs.listStatus(remote)) {
            if (f.isFile()) listing.append('\n').append(f.getPath().getName()).append(' ').append(f.getLen())
                    .append(' ').append(f.getModificationTime());
        }
        Path root = Path.of(System.getProperty("java.io.tmpdir"), "deberta4j-spark-models");
        Path target = root.resolve(sha256(listing.toString()).substring(0, 24));
        synchronized (COPY_LOCK) {
            if (Files.isDirectory(target)) return target;
            Files.createDirectories(root);
            Path staging = Files.createTempDirectory(root, "copy-");
            for (FileStatus f : fs.listStatus(remote)) {
                if (f.isFile()) fs.copyToLocalFile(false, f.getPath(),
                        new org.apache.hadoop.fs.Path(staging.resolve(f.getPath().getName()).toUri()), true);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // another executor JVM of this machine was faster: use its copy
                if (!Files.isDirectory(target)) throw e;
            }
            return target;
        }
    }

    /** SHA-256 over the directory's file names and contents, computed once per listing. */
    static String digest(Path dir) {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = new ArrayList<>(s.filter(Files::isRegularFile).sorted().toList());
        } catch (IOException e) {
            throw new UncheckedIOException("model directory " + dir + ": " + e.getMessage(), e);
        }
        StringBuilder listing = new StringBuilder(dir.toString());
        try {
            for (Path f : files) {
                listing.append('\n').append(f.getFileName()).append(' ').append(Files.size(f)).append(' ')
                        .append(Files.getLastModifiedTime(f).toMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return DIGESTS.computeIfAbsent(listing.toString(), l -> contentDigest(files));
    }

    private static String contentDigest(List<Path> files) {
        MessageDigest md = sha256();
        byte[] buffer = new byte[1 << 16];
        for (Path f : files) {
            md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buffer)) > 0; ) md.update(buffer, 0, n);
            } catch (IOException e) {
                throw new UncheckedIOException(f + ": " + e.getMessage(), e);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static String sha256(String s) {
        return HexFormat.of().formatHex(sha256().digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
