package dev.deberta4j.pretrain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.corpus.TokenCache;
import dev.deberta4j.finetune.MetricsLog;
import dev.deberta4j.io.AtomicDirectory;
import dev.deberta4j.io.CheckpointException;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.train.AdamW;
import dev.deberta4j.train.EpochPermutation;
import dev.deberta4j.train.GradientClipping;
import dev.deberta4j.train.LrSchedule;
import dev.deberta4j.train.NonFiniteLossException;
import dev.deberta4j.train.TrainingCheckpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * One pre-training run: replaced-token detection over a {@link TokenCache}, AdamW with linear warmup and decay,
 * global-norm clipping, metrics.jsonl, a resumable checkpoint in {@code OUTPUT/checkpoint} and, at the end, the
 * export ({@code OUTPUT/discriminator}, {@code OUTPUT/generator}).
 *
 * <p>Everything random is a function of the seed and the step: the sequences of step s are positions
 * [s·B·A, (s+1)·B·A) of the endless stream of epoch permutations (seeded by (seed, epoch)), their masking is
 * seeded by (seed, step, sequence), the generator's sampling and dropout by the model's pass counter. The checkpoint
 * holds the weights, AdamW's moments, the step and the pass counter, so a run killed at any moment and resumed
 * from its last checkpoint repeats the uninterrupted run bit for bit.
 */
public final class Pretraining {
    public static final String CHECKPOINT_DIR = "checkpoint";
    public static final String METRICS_FILE = "metrics.jsonl";
    private static final String MODEL_DIR = "model";
    private static final String OPTIMIZER_FILE = "optimizer.safetensors";
    private static final String STATE_FILE = "pretrain_state.json";
    private static final String FORMAT = "deberta4j-pretraining-checkpoint";
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Run fields that may differ on resuming: max_steps, to extend (or shorten) a run. The learning rate then
     * follows the new length's schedule from the checkpoint's step on (linear decay to 0 at the new last step),
     * so the resumed run is the uninterrupted one only while max_steps stays the same.
     */
    public static final Set<String> MAY_CHANGE = Set.of("max_steps");

    private final TokenCache cache;
    private final MaskingPolicy masking;
    private final PretrainOptions options;
    private final Path output;
    private final MetricsLog log;
    private final int seqLength;
    private final int sequences;
    private long orderEpoch = -1;
    private int[] order;

    public Pretraining(TokenCache cache, MaskingPolicy masking, PretrainOptions options, Path output) {
        if (cache.sequences() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(cache.file() + ": " + cache.sequences() + " sequences, at most "
                    + Integer.MAX_VALUE + " are supported");
        }
        this.cache = cache;
        this.masking = masking;
        this.options = options;
        this.output = output;
        this.log = new MetricsLog(output.resolve(METRICS_FILE));
        this.seqLength = cache.seqLength();
        this.sequences = (int) cache.sequences();
    }

    public Path checkpointDir() {
        return output.resolve(CHECKPOINT_DIR);
    }

    public MetricsLog metricsLog() {
        return log;
    }

    /**
     * Trains to {@code maxSteps} and exports. {@code resume}: continues from {@code OUTPUT/checkpoint}, which must
     * have been written with the same options (but {@code maxSteps}, see {@link #MAY_CHANGE}), token cache and
     * model ({@code spec}); otherwise starts from {@code freshModel}.
     *
     * @param tokenizerDir the tokenizer files copied into the export (null: none)
     */
    public void run(Supplier<RtdModel> freshModel, RtdModelSpec spec, boolean resume, Path tokenizerDir,
                    PretrainListener listener) {
        RtdModel model;
        AdamW adam;
        long step;
        double earlierSeconds = 0;   // wall-clock training time of the sessions before this one
        if (resume) {
            Path dir = AtomicDirectory.recover(checkpointDir(), "pre-training checkpoint");
            JsonNode state = readState(dir, identity());
            step = state.path("step").asLong();
            earlierSeconds = state.path("wall_s").asDouble(0);   // checkpoints before wall_s existed: 0
            model = loadModel(dir, spec);
            adam = newOptimizer(model);
            TrainingCheckpoint.readOptimizerState(dir.resolve(OPTIMIZER_FILE), adam, state.path("optimizer_steps").asLong());
        } else {
            model = freshModel.get();
            adam = newOptimizer(model);
            step = 0;
        }
        LrSchedule schedule = LrSchedule.linearWarmupDecay(options.learningRate(), options.warmupSteps(),
                options.maxSteps());
        TokenSampler sampler = TokenSampler.softmax(options.seed(), options.samplingTemperature());
        log.startAt(step);
        long tokensPerStep = options.sequencesPerStep() * seqLength;
        listener.started(step, options.maxSteps(), tokensPerStep);
        long sessionStart = System.nanoTime(), stepStart = sessionStart;
        while (step < options.maxSteps()) {
            PretrainStep s = step(model, adam, schedule, sampler, step);
            step = s.step();
            long now = System.nanoTime();
            double wall = earlierSeconds + (now - sessionStart) / 1e9;
            log.train(s.step(), s.epoch(), metrics(s, wall, tokensPerStep / ((now - stepStart) / 1e9)));
            stepStart = now;
            listener.stepped(s);
            if (step == options.maxSteps() || (options.saveSteps() > 0 && step % options.saveSteps() == 0)) {
                save(model, adam, step, earlierSeconds + (System.nanoTime() - sessionStart) / 1e9);
                listener.saved(step, checkpointDir());
            }
        }
        model.export(output, tokenizerDir);
        listener.exported(output);
    }

    /**
     * Exports the weights of the run's last checkpoint to OUTPUT/discriminator and OUTPUT/generator, as the end of
     * {@link #run} does: a long run can be tried out (fine-tuned, benchmarked) while it goes on or after it stopped.
     * The checkpoint must belong to this run (same options and token cache).
     *
     * @return the step the exported weights were saved at
     */
    public long exportCheckpoint(RtdModelSpec spec, Path tokenizerDir) {
        Path dir = AtomicDirectory.recover(checkpointDir(), "pre-training checkpoint");
        long step = readState(dir, identity()).path("step").asLong();
        loadModel(dir, spec).export(output, tokenizerDir);
        return step;
    }

    /**
     * The checkpoint's model, which must be the one {@code spec} describes: its configs and RTD options are the
     * ones a resumed run trains, so different options would otherwise be ignored without a word.
     */
    private static RtdModel loadModel(Path dir, RtdModelSpec spec) {
        RtdModel model = RtdModel.load(dir.resolve(MODEL_DIR));
        Path file = dir.resolve(MODEL_DIR);
        requireSame(file, "model_type", model.discriminatorConfig().family.modelType(),
                spec.discriminator().family.modelType(), " (--architecture)");
        requireSame(file, "rtd_weight", model.options().rtdWeight(), spec.options().rtdWeight(), " (--rtd-weight)");
        requireSame(file, "emd", model.options().emd(), spec.options().emd(), " (--emd)");
        requireSameConfig(file, "the discriminator's", model.discriminatorConfig(), spec.discriminator(),
                " (--config or --model)");
        requireSameConfig(file, "the generator's", model.generatorConfig(), spec.generator(),
                " (--generator, --generator-config or --generator-hidden-fraction)");
        return model;
    }

    /** Config fields that describe a checkpoint rather than the network (Hugging Face's bookkeeping). */
    private static final Set<String> NOT_THE_NETWORK = Set.of("architectures", "transformers_version", "torch_dtype",
            "_name_or_path", "id2label", "label2id");

    private static void requireSameConfig(Path file, String which, DebertaConfig saved, DebertaConfig given,
                                          String hint) {
        JsonNode a = saved.toJson(), b = given.toJson();
        Set<String> fields = new TreeSet<>();
        a.fieldNames().forEachRemaining(fields::add);
        b.fieldNames().forEachRemaining(fields::add);
        fields.removeAll(NOT_THE_NETWORK);
        for (String field : fields) requireSame(file, which + " " + field, a.get(field), b.get(field), hint);
    }

    /** One line naming the field, the checkpoint's value and the given one. */
    private static void requireSame(Path file, String field, Object saved, Object given, String hint) {
        if (!String.valueOf(saved).equals(String.valueOf(given))) {
            throw new IllegalArgumentException(file + ": cannot resume: " + field + " is " + saved
                    + " in the checkpoint, " + given + " given" + hint);
        }
    }

    /** Runs optimizer step {@code done + 1}: its passes, clipping and the AdamW update. */
    private PretrainStep step(RtdModel model, AdamW adam, LrSchedule schedule, TokenSampler sampler, long done) {
        long number = done + 1;
        int passes = options.gradAccum();
        model.zeroGrad();
        double loss = 0, mlm = 0, rtd = 0;
        long tp = 0, fp = 0, fn = 0, masked = 0, replaced = 0;
        for (int k = 0; k < passes; k++) {
            RtdStepResult r = model.forwardBackward(batch(done, k), sampler, 1f / passes);
            if (!Double.isFinite(r.totalLoss())) throw new NonFiniteLossException(number, "the loss", r.totalLoss());
            loss += r.totalLoss();
            mlm += r.mlmLoss();
            rtd += r.rtdLoss();
            tp += r.truePositives();
            fp += r.falsePositives();
            fn += r.falseNegatives();
            masked += r.masked();
            replaced += r.replaced();
        }
        double norm = options.maxGradNorm() > 0
                ? GradientClipping.clipGlobalNorm(model.parameters(), options.maxGradNorm())
                : GradientClipping.globalNorm(model.parameters());
        if (!Double.isFinite(norm)) throw new NonFiniteLossException(number, "the gradient norm", norm);
        double lr = schedule.at(done);
        adam.step(lr);
        RtdStepResult sum = new RtdStepResult(mlm, rtd, loss, tp, fp, fn, masked, replaced, 0);
        long firstPosition = done * options.sequencesPerStep();
        return new PretrainStep(number, firstPosition / sequences, loss / passes, mlm / passes, rtd / passes,
                sum.precision(), sum.recall(), sum.replacedFraction(), lr, norm,
                number * options.sequencesPerStep() * seqLength);
    }

    /** Pass {@code pass} of the step after {@code done}: its sequences from the cache, masked. */
    RtdBatch batch(long done, int pass) {
        int b = options.batchSize();
        int n = b * seqLength;
        int[] ids = new int[n];
        int[] attention = new int[n];
        boolean[] selected = new boolean[n];
        int[] generatorIds = new int[n];
        for (int row = 0; row < b; row++) {
            long position = (done * options.gradAccum() + pass) * b + row;
            int sequence = order(position / sequences)[(int) (position % sequences)];
            int offset = row * seqLength;
            int real = cache.read(sequence, ids, offset);
            for (int i = 0; i < real; i++) attention[offset + i] = 1;
            masking.mask(ids, offset, seqLength, real, options.seed(), done, sequence, selected, generatorIds);
        }
        ModelInput input = new ModelInput(b, seqLength, ids, attention, new int[n], 1);
        return new RtdBatch(input, selected, generatorIds);
    }

    private int[] order(long epoch) {
        if (epoch != orderEpoch) {
            order = EpochPermutation.of(sequences, options.seed(), epoch);
            orderEpoch = epoch;
        }
        return order;
    }

    private AdamW newOptimizer(RtdModel model) {
        return new AdamW(model.parameters(), new AdamW.Options(options.adamBeta1(), options.adamBeta2(),
                options.adamEpsilon(), options.weightDecay(), AdamW.DecayRule.TRANSFORMERS_DEFAULT));
    }

    /**
     * A step's metrics.jsonl fields. Besides the step's own: {@code wall_s}, wall-clock seconds of training up to
     * this step summed over the run's sessions (each session's time from its first step on; steps redone after a
     * kill count once), and {@code tokens_per_s}, this step's token positions over its wall-clock time (a checkpoint
     * save's time counts towards the step after it). These two alone differ between a run and its resumed twin.
     */
    private static Map<String, Number> metrics(PretrainStep s, double wallSeconds, double tokensPerSecond) {
        Map<String, Number> m = new LinkedHashMap<>();
        m.put("loss", s.loss());
        m.put("mlm_loss", s.mlmLoss());
        m.put("rtd_loss", s.rtdLoss());
        m.put("rtd_precision", s.rtdPrecision());
        m.put("rtd_recall", s.rtdRecall());
        m.put("replaced_fraction", s.replacedFraction());
        m.put("learning_rate", s.learningRate());
        m.put("grad_norm", s.gradNorm());
        m.put("tokens", s.tokens());
        m.put("wall_s", Math.round(wallSeconds * 1000) / 1000.0);
        m.put("tokens_per_s", Math.round(tokensPerSecond * 10) / 10.0);
        return m;
    }

    /**
     * Weights, AdamW's moments, step, wall-clock seconds so far and the run's identity, atomically replacing the
     * previous checkpoint.
     */
    private void save(RtdModel model, AdamW adam, long step, double wallSeconds) {
        AtomicDirectory.replace(checkpointDir(), "pre-training checkpoint", staging -> {
            model.save(staging.resolve(MODEL_DIR));
            TrainingCheckpoint.writeOptimizerState(staging.resolve(OPTIMIZER_FILE), adam);
            ObjectNode state = JSON.createObjectNode();
            state.put("format", FORMAT);
            state.put("version", 1);
            state.put("step", step);
            state.put("optimizer_steps", adam.steps());
            state.put("wall_s", wallSeconds);
            state.set("run", identity());
            Files.writeString(staging.resolve(STATE_FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
        });
    }

    /**
     * What defines the run: its options (but --save-steps) and the token cache. All but {@link #MAY_CHANGE} must be
     * the same on resuming; the token cache comes last, as a different --max-seq-length changes it too.
     */
    private ObjectNode identity() {
        return identity(options, seqLength, cache.header().keyHex());
    }

    /** The run's identity: its options and the key of its token cache. */
    private static ObjectNode identity(PretrainOptions options, int seqLength, String cacheKey) {
        ObjectNode run = JSON.createObjectNode();
        run.put("max_seq_length", seqLength);
        run.put("batch_size", options.batchSize());
        run.put("grad_accum", options.gradAccum());
        run.put("lr", options.learningRate());
        run.put("warmup_steps", options.warmupSteps());
        run.put("max_steps", options.maxSteps());
        run.put("weight_decay", options.weightDecay());
        run.put("adam_beta1", options.adamBeta1());
        run.put("adam_beta2", options.adamBeta2());
        run.put("adam_epsilon", options.adamEpsilon());
        run.put("max_grad_norm", options.maxGradNorm());
        run.put("seed", options.seed());
        run.put("mask_probability", options.maskProbability());
        run.put("mask_replace", options.maskReplacement().mask() + "/" + options.maskReplacement().random());
        run.put("sampling_temperature", options.samplingTemperature());
        run.put("token_cache_key", cacheKey);
        return run;
    }

    /**
     * For {@code --resume}, before the token cache is opened (another corpus, tokenizer or --max-seq-length would
     * rebuild it): the checkpoint in {@code output} must exist and have been written with the same options (but
     * {@link #MAY_CHANGE}) and a token cache of key {@code cacheKeyHex}.
     */
    public static void checkResumable(Path output, PretrainOptions options, int seqLength, String cacheKeyHex) {
        Path dir = AtomicDirectory.recover(output.resolve(CHECKPOINT_DIR), "pre-training checkpoint");
        readState(dir, identity(options, seqLength, cacheKeyHex));
    }

    /** The checkpoint's state, which must have been written by a run of identity {@code now}. */
    private static JsonNode readState(Path dir, ObjectNode now) {
        Path file = dir.resolve(STATE_FILE);
        JsonNode state;
        try {
            state = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot read: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(state.path("format").asText())) {
            throw new CheckpointException(file, "format: expected \"" + FORMAT + "\", found " + state.path("format"));
        }
        JsonNode saved = state.path("run");
        for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (MAY_CHANGE.contains(field)) continue;
            String hint = switch (field) {
                case "token_cache_key" -> " (the corpus, tokenizer or --max-seq-length changed)";
                case "adam_beta1" -> "";
                default -> " (--" + field.replace('_', '-') + ")";
            };
            requireSame(file, field, saved.has(field) ? saved.get(field).asText() : null, now.get(field).asText(), hint);
        }
        long step = state.path("step").asLong(), length = now.get("max_steps").asLong();
        if (length < step) {
            throw new IllegalArgumentException(file + ": cannot resume: the run's length is " + length
                    + " steps (--max-steps or --max-tokens), below the checkpoint's step " + step);
        }
        return state;
    }
}
