package dev.deberta4j.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The recipes of recipes.json (bundled as a resource): per recipe and task, the common settings, then the
 * recipe's defaults, then the task's entry. A missing or mistyped value is an error naming the recipe, the task
 * and the field.
 */
public final class RecipeBook {
    public static final String RESOURCE = "recipes.json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String source;
    private final JsonNode root;

    private RecipeBook(String source, JsonNode root) {
        this.source = source;
        this.root = root;
    }

    /** The recipes shipped with deberta4j. */
    public static RecipeBook bundled() {
        try (InputStream in = RecipeBook.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException(RESOURCE + " is missing from the class path");
            return parse(RESOURCE, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + ": " + e.getMessage(), e);
        }
    }

    public static RecipeBook parse(String source, String json) {
        try {
            JsonNode root = JSON.readTree(json);
            if (!root.path("recipes").isObject()) {
                throw new IllegalArgumentException(source + ": expected an object \"recipes\"");
            }
            return new RecipeBook(source, root);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not valid JSON: " + e.getMessage(), e);
        }
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        root.path("recipes").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The recipe's one-line description. */
    public String description(String recipe) {
        return recipeNode(recipe).path("description").asText("");
    }

    /** Whether the recipe has an entry for the task. */
    public boolean covers(String recipe, BenchmarkTask task) {
        return root.path("recipes").path(recipe).path("tasks").path(task.cliName()).isObject();
    }

    public Recipe recipe(String name, BenchmarkTask task) {
        JsonNode r = recipeNode(name);
        JsonNode entry = r.path("tasks").path(task.cliName());
        if (!entry.isObject()) {
            throw new IllegalArgumentException(source + ": recipe \"" + name + "\" has no entry for task "
                    + task.cliName());
        }
        ObjectNode merged = JSON.createObjectNode();
        for (JsonNode layer : List.of(root.path("common"), r.path("defaults"), entry)) {
            if (layer.isObject()) merged.setAll((ObjectNode) layer);
        }
        String where = source + ": recipe \"" + name + "\", task " + task.cliName();
        return new Recipe(name, task, integer(merged, "max_seq_len", where), integer(merged, "train_batch_size", where),
                integer(merged, "eval_batch_size", where), number(merged, "learning_rate", where),
                integer(merged, "num_train_epochs", where), integer(merged, "save_steps", where),
                number(merged, "warmup_proportion", where), number(merged, "weight_decay", where),
                number(merged, "adam_epsilon", where), number(merged, "max_grad_norm", where),
                integer(merged, "seed", where), optionalInteger(merged, "max_train", where),
                optionalInteger(merged, "max_test", where));
    }

    private JsonNode recipeNode(String name) {
        JsonNode r = root.path("recipes").path(name);
        if (!r.isObject()) {
            throw new IllegalArgumentException("unknown recipe \"" + name + "\": expected one of " + names());
        }
        return r;
    }

    private static int integer(JsonNode o, String field, String where) {
        JsonNode v = o.path(field);
        if (!v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException(where + ": expected an integer \"" + field + "\", found "
                    + (v.isMissingNode() ? "none" : v.toString()));
        }
        return v.intValue();
    }

    private static Integer optionalInteger(JsonNode o, String field, String where) {
        return o.has(field) && !o.get(field).isNull() ? integer(o, field, where) : null;
    }

    private static double number(JsonNode o, String field, String where) {
        JsonNode v = o.path(field);
        if (!v.isNumber()) {
            throw new IllegalArgumentException(where + ": expected a number \"" + field + "\", found "
                    + (v.isMissingNode() ? "none" : v.toString()));
        }
        return v.doubleValue();
    }
}
