package dev.deberta4j.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.benchmark.source.DataSources;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.finetune.Evaluator;
import dev.deberta4j.finetune.FineTuning;
import dev.deberta4j.finetune.LabelSet;
import dev.deberta4j.finetune.ModelDirectory;
import dev.deberta4j.finetune.TaskExamples;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.LoadOptions;
import dev.deberta4j.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs the benchmark: per task, fine-tunes the model's backbone with a fresh head under the recipe (evaluating
 * dev and test at every save step and at the end), or with {@code evalOnly} scores the model as given. Each task
 * writes {@code OUTPUT/<task>/} (metrics.jsonl, the kept model, a resumable checkpoint) and results.json is
 * rewritten after every task. Running again into the same output keeps the finished tasks and continues an
 * interrupted one from its last checkpoint; settings that differ from the stored ones are an error.
 */
public final class BenchmarkRunner {
    /** The settings a task directory was trained with, checked before resuming it. */
    public static final String SETTINGS_FILE = "benchmark-settings.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path modelDir;
    private final String modelName;
    private final BenchmarkData data;
    private final Path output;
    private final RecipeBook recipes;
    private final String recipeName;
    private final RecipeOverrides overrides;
    private final boolean evalOnly;

    /**
     * @param modelDir  the model's directory (weights, config, tokenizer)
     * @param modelName how results name the model (the --model argument)
     * @param evalOnly  score the model as given instead of fine-tuning (its head must fit each task)
     */
    public BenchmarkRunner(Path modelDir, String modelName, BenchmarkData data, Path output, RecipeBook recipes,
                           String recipeName, RecipeOverrides overrides, boolean evalOnly) {
        this.modelDir = modelDir;
        this.modelName = modelName;
        this.data = data;
        this.output = output;
        this.recipes = recipes;
        this.recipeName = recipeName;
        this.overrides = overrides;
        this.evalOnly = evalOnly;
    }

    public BenchmarkResults run(List<BenchmarkTask> tasks, BenchmarkListener listener) {
        Path resultsFile = output.resolve(BenchmarkResults.FILE);
        BenchmarkResults previous = Files.exists(resultsFile) ? BenchmarkResults.read(resultsFile) : null;
        BenchmarkResults results = BenchmarkResults.empty(modelName, recipeName, data.dataDir());
        if (previous != null) {
            // Earlier entries join this run's table only if this run would have produced them (same settings).
            for (BenchmarkTask task : BenchmarkTask.values()) {
                TaskResult r = previous.task(task);
                if (r != null && recipes.covers(recipeName, task) && sameSettings(settings(task), r.settings())) results = results.with(r);
            }
        }
        for (BenchmarkTask task : tasks) {
            Recipe recipe = recipes.recipe(recipeName, task).with(overrides);
            ObjectNode settings = settings(recipe);
            TaskResult before = results.task(task);
            if (before != null && before.status().isFinished() && sameSettings(settings, before.settings())) {
                listener.reused(task, before);
                continue;
            }
            TaskResult result = runTask(task, recipe, settings, listener);
            results = results.with(result);
            results.write(output);
            listener.finished(task, result);
        }
        results.write(output);
        return results;
    }

    private TaskResult runTask(BenchmarkTask task, Recipe recipe, ObjectNode settings, BenchmarkListener listener) {
        try {
            long start = System.nanoTime();
            Path trainPath = data.plainPath(task, task.trainFile());
            if (!evalOnly && BenchmarkData.locate(trainPath) == null) {
                String where = DataSources.load().task(task.cliName()).noTrainingDataMessage(trainPath.getParent());
                return TaskResult.unscored(task, TaskStatus.NO_TRAINING_DATA, settings,
                        where + " A model already fine-tuned for the task can be scored with --eval-only.");
            }
            TaskData d = data.read(task, recipe.maxTrain(), recipe.maxTest());
            return evalOnly ? evaluateAsGiven(task, recipe, settings, d, start)
                    : fineTune(task, recipe, settings, d, start, listener);
        } catch (RuntimeException e) {   // bad data, a diverged run, a model that does not fit: the message says
            String message = e.getMessage() != null ? e.getMessage() : e.toString();
            return TaskResult.unscored(task, TaskStatus.FAILED, settings, "failed: " + message);
        }
    }

    private TaskResult fineTune(BenchmarkTask task, Recipe recipe, ObjectNode settings, TaskData d, long start,
                                BenchmarkListener listener) {
        Path taskDir = output.resolve(task.cliName());
        claim(taskDir, settings);
        DebertaConfig base = DebertaConfig.load(modelDir);
        checkLength(base, recipe);
        Tokenizer tokenizer = Tokenizer.load(modelDir);
        LabelSet labels = task.labels();
        TaskExamples train = encode(task, d.train(), labels, tokenizer, recipe);
        TaskExamples dev = d.dev() == null ? null : encode(task, d.dev(), labels, tokenizer, recipe);
        TaskExamples test = encode(task, d.test(), labels, tokenizer, recipe);
        FineTuning run = new FineTuning(modelDir, ModelDirectory.taskConfig(base, task.textTask(), labels),
                task.textTask(), train, dev, recipe.fineTuneOptions(), taskDir)
                .withFreshHead()
                .alsoEvaluate(CheckpointSelection.TEST, test);
        if (dev != null) run.evalSplitName(CheckpointSelection.DEV);
        boolean resume = Files.isDirectory(run.checkpointDir());
        try {
            run.run(resume, listener.trainingStarted(task, recipe, d, resume, taskDir, run.metricsLog()));
        } finally {
            listener.trainingEnded(task, taskDir, run.metricsLog());
        }
        CheckpointSelection chosen = CheckpointSelection.of(run.metricsLog().read(), task.metric());
        return new TaskResult(task.cliName(), TaskStatus.TRAINED, task.metric(),
                chosen.last().testScore(task.metric()), chosen.last(), chosen.bestOnDev(), chosen.bestOnTest(),
                train.size(), d.droppedTrain(), dev == null ? null : dev.size(), test.size(), settings,
                seconds(start), null);
    }

    private TaskResult evaluateAsGiven(BenchmarkTask task, Recipe recipe, ObjectNode settings, TaskData d,
                                       long start) {
        DebertaConfig config = DebertaConfig.load(modelDir);
        checkHead(task, config);
        checkLength(config, recipe);
        Tokenizer tokenizer = Tokenizer.load(modelDir);
        DebertaModel model = DebertaModel.load(modelDir, LoadOptions.head(HeadType.SEQUENCE_CLASSIFICATION));
        Evaluator evaluator = new Evaluator(recipe.evalBatchSize());
        LabelSet labels = task.labels();
        Map<String, Double> dev = d.dev() == null ? null
                : evaluator.evaluate(model, encode(task, d.dev(), labels, tokenizer, recipe), null);
        Map<String, Double> test = evaluator.evaluate(model, encode(task, d.test(), labels, tokenizer, recipe), null);
        CheckpointScore asGiven = new CheckpointScore(0, dev, test);
        return new TaskResult(task.cliName(), TaskStatus.EVALUATED, task.metric(), asGiven.testScore(task.metric()),
                asGiven, null, null, null, null, d.dev() == null ? null : d.dev().size(), d.test().size(), settings,
                seconds(start), null);
    }

    /** The model's head must be a sequence classifier with the task's outputs (labels in the recipe's order). */
    private static void checkHead(BenchmarkTask task, DebertaConfig config) {
        String architecture = config.architectures.isEmpty() ? "" : config.architectures.getFirst();
        if (HeadType.fromArchitecture(architecture, config.family) != HeadType.SEQUENCE_CLASSIFICATION) {
            throw new IllegalArgumentException(config.source() + ": --eval-only needs a model fine-tuned for "
                    + task.cliName() + " (" + HeadType.SEQUENCE_CLASSIFICATION.architecture(config.family)
                    + "), found architectures "
                    + config.architectures);
        }
        String expected = task.isRegression() ? "a regression head (1 output)"
                : task.labels().size() + " labels " + task.labels().names();
        boolean fits = task.isRegression() ? config.isRegression()
                : !config.isRegression() && config.numLabels == task.labels().size();
        if (!fits) {
            throw new IllegalArgumentException(config.source() + ": the model's head does not fit " + task.cliName()
                    + ": expected " + expected + ", found " + (config.isRegression() ? "a regression head"
                    : config.numLabels + " labels " + config.id2label.values()));
        }
    }

    private static void checkLength(DebertaConfig config, Recipe recipe) {
        if (recipe.maxLength() > config.maxSequenceLength()) {
            throw new IllegalArgumentException("max_seq_len " + recipe.maxLength() + " exceeds the model's "
                    + config.maxSequenceLength() + " positions (max_position_embeddings " + config.maxPositionEmbeddings
                    + ")");
        }
    }

    private static TaskExamples encode(BenchmarkTask task, dev.deberta4j.data.DataTable table, LabelSet labels,
                                       Tokenizer tokenizer, Recipe recipe) {
        return TaskExamples.encode(table, task.textTask(), task.columns(), labels, tokenizer, recipe.maxLength());
    }

    private ObjectNode settings(BenchmarkTask task) {
        return settings(recipes.recipe(recipeName, task).with(overrides));
    }

    /** The settings as results.json reads them back (a long seed comes back as an int node). */
    private ObjectNode settings(Recipe recipe) {
        ObjectNode o = JSON.createObjectNode().put("model", modelName);
        o.setAll(recipe.toJson());
        if (evalOnly) o.put("eval_only", true);
        try {
            return (ObjectNode) JSON.readTree(o.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Records the settings a task directory is trained with, or checks that an existing one (a finished or
     * interrupted run) was trained with the same: resuming a checkpoint under other settings would mix two runs.
     */
    private static void claim(Path taskDir, ObjectNode settings) {
        Path file = taskDir.resolve(SETTINGS_FILE);
        try {
            if (Files.exists(file)) {
                JsonNode stored = JSON.readTree(file.toFile());
                if (!sameSettings(settings, stored)) {
                    throw new IllegalArgumentException(taskDir + " holds a run with other settings (" + stored
                            + ", now " + settings + "); choose another --output or delete that directory");
                }
                return;
            }
            Files.createDirectories(taskDir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), settings);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Compares as written (an int read back equals the long written). */
    private static boolean sameSettings(JsonNode a, JsonNode b) {
        return b != null && a.toString().equals(b.toString());
    }

    private static double seconds(long start) {
        return Math.round((System.nanoTime() - start) / 1e7) / 100.0;
    }
}
