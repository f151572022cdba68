package dev.deberta4j.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.Checkpoints;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.train.AdamW;
import dev.deberta4j.train.LrSchedule;
import dev.deberta4j.train.StepResult;
import dev.deberta4j.train.TrainableModel;
import dev.deberta4j.train.Trainer;
import dev.deberta4j.train.TrainerOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fine-tuning run on top of {@link Trainer}: linear warmup/decay AdamW, evaluation every epoch (or every N
 * steps), the best model so far (by accuracy, Spearman for regression) kept as a Hugging Face model directory in
 * the output directory, a resumable checkpoint in {@code OUTPUT/last-checkpoint} and metrics.jsonl beside it.
 * Without evaluation data the output holds the latest weights. Further splits ({@link #alsoEvaluate}) are scored
 * at the same steps and logged beside it, but never pick the kept model.
 */
public final class FineTuning {
    public static final String CHECKPOINT_DIR = "last-checkpoint";
    public static final String METRICS_FILE = "metrics.jsonl";

    private final Path modelDir;
    private final DebertaConfig taskConfig;
    private final TextTask task;
    private final TaskExamples train;
    private final TaskExamples eval;
    private final FineTuneOptions options;
    private final Path output;
    private final MetricsLog log;
    private final Map<String, TaskExamples> alsoScored = new LinkedHashMap<>();
    private String evalSplit;
    private boolean freshHead;
    private double best = Double.NEGATIVE_INFINITY;

    /**
     * @param modelDir   the starting model (a task or backbone-only checkpoint) with its tokenizer files
     * @param taskConfig the model's config with the task's labels ({@link ModelDirectory#taskConfig})
     * @param eval       evaluation examples, or null
     */
    public FineTuning(Path modelDir, DebertaConfig taskConfig, TextTask task, TaskExamples train, TaskExamples eval,
                      FineTuneOptions options, Path output) {
        this.modelDir = modelDir;
        this.taskConfig = taskConfig;
        this.task = task;
        this.train = train;
        this.eval = eval;
        this.options = options;
        this.output = output;
        this.log = new MetricsLog(output.resolve(METRICS_FILE));
    }

    /** Names the evaluation data in metrics.jsonl ({@code "split": name} on its lines); unnamed by default. */
    public FineTuning evalSplitName(String name) {
        this.evalSplit = name;
        return this;
    }

    /**
     * Also scores {@code examples} at every evaluation, logged with {@code "split": name}; the kept model is still
     * chosen on the evaluation data alone (e.g. a test split scored along the way, as the Korean recipes do).
     */
    public FineTuning alsoEvaluate(String name, TaskExamples examples) {
        if (name == null || name.equals(evalSplit) || alsoScored.containsKey(name)) {
            throw new IllegalArgumentException("split names must be distinct and non-null, found \"" + name + "\"");
        }
        alsoScored.put(name, examples);
        return this;
    }

    /**
     * Starts from the backbone only: a head in the starting model (say, a classifier for another task) is ignored
     * and initialised afresh from the seed, as transformers initialises the head over a pretrained backbone.
     */
    public FineTuning withFreshHead() {
        this.freshHead = true;
        return this;
    }

    public Path checkpointDir() {
        return output.resolve(CHECKPOINT_DIR);
    }

    public MetricsLog metricsLog() {
        return log;
    }

    /** Trains to the end (or continues the run saved in the output directory when {@code resume}). */
    public void run(boolean resume, FineTuneListener listener) {
        TrainerOptions trainerOptions = new TrainerOptions(options.epochs(), options.batchSize(), 1,
                options.maxGradNorm(), options.seed(), true);
        long total = trainerOptions.totalSteps(train.size());
        LrSchedule schedule = LrSchedule.linearWarmupDecay(options.learningRate(),
                LrSchedule.warmupSteps(options.warmupRatio(), total), total);
        Trainer trainer = resume ? resumed(schedule) : fresh(schedule, trainerOptions);
        long start = trainer.position().globalStep();
        log.startAt(start);
        if (resume) best = bestSoFar();
        listener.started(start, total);
        while (trainer.hasNext()) {
            int epochBefore = trainer.position().epoch();
            StepResult s = trainer.step();
            log.train(s);
            listener.stepped(s);
            boolean epochEnd = trainer.position().epoch() != epochBefore;
            boolean evalNow = options.evalSteps() > 0 ? s.step() % options.evalSteps() == 0 || !trainer.hasNext()
                    : epochEnd;
            boolean saveNow = evalNow || (options.saveSteps() > 0 && s.step() % options.saveSteps() == 0)
                    || !trainer.hasNext();
            if (evalNow) evaluate(trainer, s, listener);
            if (saveNow) {
                trainer.save(checkpointDir());
                if (eval == null) ModelDirectory.write(output, trainer.model(), modelDir);
                listener.saved(s.step(), checkpointDir());
            }
        }
    }

    private void evaluate(Trainer trainer, StepResult s, FineTuneListener listener) {
        if (eval == null && alsoScored.isEmpty()) return;
        // One inference model per evaluation: closed at once rather than left to the GC with its off-heap tables.
        try (DebertaModel model = trainer.model().toInferenceModel()) {
            evaluate(model, trainer, s, listener);
        }
    }

    private void evaluate(DebertaModel model, Trainer trainer, StepResult s, FineTuneListener listener) {
        Evaluator evaluator = new Evaluator(options.evalBatchSize());
        if (eval != null) {
            listener.evaluating(s.step(), eval.size());
            Map<String, Double> metrics = evaluator.evaluate(model, eval, null);
            double score = metrics.get(Evaluator.selectionMetric(task));
            boolean better = score > best || !Files.exists(output.resolve("model.safetensors"));
            if (better) {
                best = Math.max(best, score);
                ModelDirectory.write(output, trainer.model(), modelDir);
            }
            log.eval(s.step(), s.epoch(), evalSplit, metrics);
            listener.evaluated(s.step(), s.epoch(), metrics, better);
        }
        for (Map.Entry<String, TaskExamples> split : alsoScored.entrySet()) {
            listener.evaluating(s.step(), split.getValue().size());
            Map<String, Double> metrics = evaluator.evaluate(model, split.getValue(), null);
            log.eval(s.step(), s.epoch(), split.getKey(), metrics);
            listener.scored(s.step(), s.epoch(), split.getKey(), metrics);
        }
    }

    private Trainer fresh(LrSchedule schedule, TrainerOptions trainerOptions) {
        TrainableModel model;
        try (TensorSource all = Checkpoints.open(modelDir)) {
            TensorSource weights = freshHead ? new BackboneWeights(all) : all;
            model = TrainableModel.create(taskConfig, task.head(), weights, options.seed());
        }
        AdamW adamW = new AdamW(model.parameters(), AdamW.Options.defaults().withWeightDecay(options.weightDecay())
                .withEps(options.adamEpsilon()));
        return new Trainer(model, adamW, schedule, train, trainerOptions);
    }

    private Trainer resumed(LrSchedule schedule) {
        if (!Files.isDirectory(checkpointDir())) {
            throw new IllegalArgumentException(checkpointDir() + ": nothing to resume (no checkpoint written yet)");
        }
        return Trainer.resume(checkpointDir(), schedule, train);
    }

    /** The best selection score logged before the checkpoint (the model kept in the output directory). */
    private double bestSoFar() {
        String metric = Evaluator.selectionMetric(task);
        double b = Double.NEGATIVE_INFINITY;
        List<JsonNode> lines = log.read();
        for (JsonNode n : lines) {
            if (MetricsLog.isEval(n, evalSplit) && n.has(metric)) b = Math.max(b, n.path(metric).asDouble());
        }
        return b;
    }

}
