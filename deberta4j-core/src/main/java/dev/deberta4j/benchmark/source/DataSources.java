package dev.deberta4j.benchmark.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The canonical source of every benchmark task's files, read from the {@code data-sources.json} resource: GitHub
 * repositories pinned to full commit hashes, file paths, row counts and the digests downloads are verified with.
 * Looking a source up never touches the network.
 */
public final class DataSources {

    /** Every source URL starts with this; a mirror replaces it. */
    public static final String RAW_GITHUB = "https://raw.githubusercontent.com/";
    /** Selects every task in {@link #select}. */
    public static final String ALL = "all";

    private static final String RESOURCE = "data-sources.json";
    private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    private final Map<String, TaskSource> tasks;

    private DataSources(Map<String, TaskSource> tasks) {
        this.tasks = tasks;
    }

    /** The manifest bundled with deberta4j. */
    public static DataSources load() {
        try (InputStream in = DataSources.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing from the deberta4j-core jar");
            }
            return parse(in, RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read resource " + RESOURCE, e);
        }
    }

    /**
     * Reads a manifest; {@code origin} names it in errors, which give the task, file and field at fault.
     *
     * @throws IllegalArgumentException for a manifest that is not valid
     */
    public static DataSources parse(InputStream json, String origin) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode taskNodes = root == null ? null : root.get("tasks");
        if (taskNodes == null || !taskNodes.isArray()) {
            throw new IllegalArgumentException(origin + ": expected an object with a 'tasks' array");
        }
        Map<String, TaskSource> tasks = new LinkedHashMap<>();
        for (JsonNode node : taskNodes) {
            TaskSource task = task(node, origin);
            if (tasks.put(task.name(), task) != null) {
                throw new IllegalArgumentException(origin + ": task '" + task.name() + "' is listed twice");
            }
        }
        return new DataSources(tasks);
    }

    public List<TaskSource> tasks() {
        return List.copyOf(tasks.values());
    }

    /** @throws IllegalArgumentException naming the known tasks when {@code name} is not one of them */
    public TaskSource task(String name) {
        TaskSource task = tasks.get(name);
        if (task == null) {
            throw new IllegalArgumentException("unknown task '" + name + "': expected one of "
                    + String.join(", ", tasks.keySet()) + " (or " + ALL + ")");
        }
        return task;
    }

    /** One task, or every task for {@value #ALL}. */
    public List<TaskSource> select(String nameOrAll) {
        return ALL.equals(nameOrAll) ? tasks() : List.of(task(nameOrAll));
    }

    /** The canonical download URL of one file of a task. */
    public URI sourceOf(String task, String fileName) {
        TaskSource source = task(task);
        return source.file(fileName).orElseThrow(() -> new IllegalArgumentException("task '" + task
                + "' has no file '" + fileName + "': expected one of "
                + source.files().stream().map(SourceFile::name).toList())).url();
    }

    private static TaskSource task(JsonNode node, String origin) {
        String name = text(node, "name", origin);
        String where = origin + ", task '" + name + "'";
        String repository = matching(node, "repository", REPOSITORY, "owner/name", where);
        String commit = matching(node, "commit", COMMIT, "a 40-digit commit hash", where);
        JsonNode fileNodes = node.get("files");
        if (fileNodes == null || !fileNodes.isArray() || fileNodes.isEmpty()) {
            throw new IllegalArgumentException(where + ": field 'files' should be a non-empty array");
        }
        List<SourceFile> files = new ArrayList<>();
        for (JsonNode fileNode : fileNodes) {
            files.add(file(fileNode, repository, commit, where));
        }
        long trainFiles = files.stream().filter(f -> f.role() == FileRole.TRAIN).count();
        if (trainFiles != 1) {
            throw new IllegalArgumentException(where + ": expected exactly one file with role 'train', found "
                    + trainFiles);
        }
        Optional<String> upstream = Optional.ofNullable(node.get("upstream")).map(JsonNode::asText);
        return new TaskSource(name, text(node, "title", where), repository, commit, text(node, "license", where),
                upstream, files);
    }

    private static SourceFile file(JsonNode node, String repository, String commit, String taskWhere) {
        String name = text(node, "name", taskWhere);
        String where = taskWhere + ", file '" + name + "'";
        if (name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IllegalArgumentException(where + ": field 'name' should be a plain file name");
        }
        String path = text(node, "path", where);
        JsonNode rows = node.get("rows");
        if (rows == null || !rows.canConvertToLong() || rows.asLong() <= 0) {
            throw new IllegalArgumentException(where + ": field 'rows' should be a positive integer, found " + rows);
        }
        Optional<String> sha256 = optionalMatching(node, "sha256", SHA256, "64 hex digits", where);
        Optional<String> blob = optionalMatching(node, "gitBlobSha1", COMMIT, "40 hex digits", where);
        if (sha256.isEmpty() && blob.isEmpty()) {
            throw new IllegalArgumentException(where + ": needs 'sha256' or 'gitBlobSha1' so downloads can be verified");
        }
        URI url = URI.create(RAW_GITHUB + repository + "/" + commit + "/" + path);
        return new SourceFile(name, url, FileRole.fromJson(text(node, "role", where), where), rows.asLong(),
                node.path("gzipInShared").asBoolean(false), sha256, blob);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' should be a non-empty string, found "
                    + value);
        }
        return value.asText();
    }

    private static String matching(JsonNode node, String field, Pattern pattern, String expected, String where) {
        String value = text(node, field, where);
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(where + ": field '" + field + "' should be " + expected + ", found '"
                    + value + "'");
        }
        return value;
    }

    private static Optional<String> optionalMatching(JsonNode node, String field, Pattern pattern, String expected,
            String where) {
        return node.has(field) ? Optional.of(matching(node, field, pattern, expected, where)) : Optional.empty();
    }
}
