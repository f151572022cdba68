package dev.deberta4j.cli;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.config.ModelFamily;
import dev.deberta4j.corpus.CorpusTokenization;
import dev.deberta4j.corpus.TextCorpus;
import dev.deberta4j.corpus.TokenCache;
import dev.deberta4j.finetune.MetricsLog;
import dev.deberta4j.pretrain.MaskingPolicy;
import dev.deberta4j.pretrain.PretrainOptions;
import dev.deberta4j.pretrain.Pretraining;
import dev.deberta4j.pretrain.RtdModel;
import dev.deberta4j.pretrain.RtdModelSpec;
import dev.deberta4j.pretrain.RtdOptions;
import dev.deberta4j.tokenizer.Tokenizer;
import dev.deberta4j.train.NonFiniteLossException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code deberta4j pretrain}: DeBERTa-V3 pre-training (replaced-token detection with GDES) from raw text, or with
 * {@code --architecture electra} ELECTRA's (KoELECTRA's) shared-embedding pair.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Pre-train a DeBERTa-V3 discriminator and its generator (replaced-token detection with "
                + "gradient-disentangled embedding sharing) on text files, directories or .gz (one document per "
                + "line). The corpus is tokenised once into OUTPUT/token-cache; metrics.jsonl and "
                + "training-curves.png go to OUTPUT, a resumable checkpoint to OUTPUT/checkpoint, and the result "
                + "to OUTPUT/discriminator and OUTPUT/generator (Hugging Face directories). --architecture electra "
                + "trains ELECTRA's pair instead (embeddings shared, no GDES). See docs/pretraining.md."})
public final class PretrainCommand implements Callable<Integer> {
    static final String CACHE_FILE = "token-cache/tokens.bin";

    @Spec CommandSpec spec;

    @Option(names = "--corpus", required = true, arity = "1..*", paramLabel = "PATH",
            description = "Text files or directories (.gz read as gzip), one document per line.")
    List<Path> corpus;
    @Option(names = "--tokenizer", paramLabel = "DIR",
            description = "Tokenizer directory (tokenizer.json, spm.model, sentencepiece.bpe.model or vocab.txt); default: the --model directory.")
    Path tokenizerDir;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Start start;

    /** Where the weights come from. */
    static final class Start {
        @Option(names = "--config", required = true, paramLabel = "CONFIG_JSON",
                description = "Discriminator config.json: pre-train from fresh weights.")
        Path config;
        @Option(names = "--model", required = true, paramLabel = "DIR_OR_REPO",
                description = "A Hugging Face DeBERTa-V2/V3 discriminator (with --architecture electra: an ELECTRA "
                        + "one) to continue pre-training.")
        String model;
    }

    @Option(names = "--architecture", defaultValue = "deberta", paramLabel = "NAME",
            description = "deberta (RTD + GDES, model_type deberta-v2) or electra (ELECTRA's pair: ElectraForMaskedLM "
                    + "and ElectraForPreTraining sharing the embeddings; model_type electra). Default: ${DEFAULT-VALUE}.")
    String architecture;
    @Option(names = "--generator-hidden-fraction", paramLabel = "F",
            description = "With --architecture electra: the generator's hidden_size as a fraction of the "
                    + "discriminator's (default: ELECTRA's 1/3 for hidden 768, else 1/4).")
    Double generatorHiddenFraction;
    @Option(names = "--generator", paramLabel = "DIR",
            description = "With --model: continue with this generator (a DebertaV2ForMaskedLM directory, e.g. an "
                    + "earlier export's generator/; ElectraForMaskedLM with --architecture electra) instead of one "
                    + "built from the discriminator's lower half (electra: a fresh one).")
    Path generatorDir;
    @Option(names = "--generator-config", paramLabel = "CONFIG_JSON",
            description = "Generator config.json; default: the discriminator's with half the layers (electra: "
                    + "ELECTRA's narrower generator, see --generator-hidden-fraction).")
    Path generatorConfig;
    @Mixin OutputDirectoryOption outputDir;
    @Option(names = "--max-seq-length", defaultValue = "128", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    int maxSeqLength;
    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "N",
            description = "Sequences per pass (default: ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--grad-accum", defaultValue = "1", paramLabel = "N",
            description = "Passes per optimizer step (default: ${DEFAULT-VALUE}).")
    int gradAccum;
    @Option(names = "--lr", defaultValue = "5e-4", description = "Peak learning rate (default: ${DEFAULT-VALUE}).")
    double lr;
    @Option(names = "--warmup-steps", defaultValue = "0", paramLabel = "N", description = "Default: ${DEFAULT-VALUE}.")
    long warmupSteps;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Length length;

    /** How long the run is. */
    static final class Length {
        @Option(names = "--max-steps", required = true, paramLabel = "N", description = "Optimizer steps.")
        Long maxSteps;
        @Option(names = "--max-tokens", required = true, paramLabel = "N",
                description = "Token positions to train on (rounded up to whole steps).")
        Long maxTokens;
    }

    @Option(names = "--weight-decay", defaultValue = "0.01", description = "Default: ${DEFAULT-VALUE}.")
    double weightDecay;
    @Option(names = "--adam-beta2", defaultValue = "0.98", description = "Default: ${DEFAULT-VALUE}.")
    double adamBeta2;
    @Option(names = "--adam-epsilon", defaultValue = "1e-6", description = "Default: ${DEFAULT-VALUE}.")
    double adamEpsilon;
    @Option(names = "--max-grad-norm", defaultValue = "1.0", description = "Default: ${DEFAULT-VALUE}; 0 turns clipping off.")
    double maxGradNorm;
    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;
    @Option(names = "--save-steps", defaultValue = "500", paramLabel = "N",
            description = "Write the resumable checkpoint every N steps (and at the end; default: ${DEFAULT-VALUE}).")
    long saveSteps;
    @Option(names = "--resume", description = "Continue the run saved in OUTPUT/checkpoint. Every option must be "
            + "as before (a one-line error names the first that is not) except --save-steps and the run's length "
            + "(--max-steps or --max-tokens, not below the checkpoint's step): a longer length extends the run, "
            + "its learning rate then decaying to 0 at the new last step.")
    boolean resume;
    @Option(names = "--rtd-weight", defaultValue = "50", description = "λ in MLM + λ·RTD (default: ${DEFAULT-VALUE}).")
    double rtdWeight;
    @Option(names = "--sampling-temperature", defaultValue = "1",
            description = "Temperature of the generator's softmax for replacements (default: ${DEFAULT-VALUE}).")
    double samplingTemperature;
    @Option(names = "--mask-probability", defaultValue = "0.15", description = "Default: ${DEFAULT-VALUE}.")
    double maskProbability;
    @Option(names = "--mask-replace", defaultValue = "100-0-0", paramLabel = "M-R-K",
            description = "Percent of selected tokens replaced by [MASK], by a random token, kept "
                    + "(default: ${DEFAULT-VALUE}, DeBERTa; 80-10-10 is BERT's).")
    String maskReplace;
    @Option(names = "--emd", description = "The generator predicts through the Enhanced Mask Decoder.")
    boolean emd;
    @Option(names = "--prepare-only", description = "Build (or check) the token cache and stop.")
    boolean prepareOnly;
    @Option(names = "--export-checkpoint", description = "Export OUTPUT/checkpoint (the run given by the same "
            + "options) to OUTPUT/discriminator and OUTPUT/generator and stop; the run can be resumed afterwards.")
    boolean exportCheckpoint;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path output = outputDir.path();
        try {
            MaskingPolicy.Replacement replacement = MaskingPolicy.Replacement.parse(maskReplace);
            Path modelDir = start.model == null ? null : ModelDirectories.resolve(start.model, err);
            Path tokDir = tokenizerDir != null ? tokenizerDir : modelDir;
            if (tokDir == null) throw new IllegalArgumentException("--tokenizer is required with --config");
            DebertaConfig discriminator = DebertaConfig.load(modelDir != null ? modelDir : start.config);
            if (generatorDir != null && (modelDir == null || generatorConfig != null)) {
                throw new IllegalArgumentException("--generator needs --model and excludes --generator-config");
            }
            checkArchitecture(discriminator);
            if (generatorHiddenFraction != null && (generatorDir != null || generatorConfig != null
                    || !discriminator.family.equals(ModelFamily.ELECTRA))) {
                throw new IllegalArgumentException("--generator-hidden-fraction needs --architecture electra and "
                        + "excludes --generator and --generator-config");
            }
            DebertaConfig generator = generatorDir != null ? DebertaConfig.load(generatorDir)
                    : generatorConfig != null ? DebertaConfig.load(generatorConfig)
                    : generatorHiddenFraction != null ? RtdModel.electraGenerator(discriminator, generatorHiddenFraction)
                    : null;
            Tokenizer tokenizer = Tokenizer.load(tokDir);
            checkModelFits(discriminator, tokenizer, "the discriminator");
            if (generator != null) checkModelFits(generator, tokenizer, "the generator");
            if (tokenizer.maskId() < 0) throw new IllegalArgumentException(tokDir + ": the tokenizer has no mask token");
            PretrainOptions options = new PretrainOptions(batchSize, gradAccum, lr, warmupSteps, totalSteps(),
                    weightDecay, 0.9, adamBeta2, adamEpsilon, maxGradNorm, seed, saveSteps, maskProbability,
                    replacement, samplingTemperature);
            RtdOptions rtdOptions = new RtdOptions(rtdWeight, emd);
            RtdModelSpec spec = RtdModelSpec.of(discriminator, generator, rtdOptions);
            MaskingPolicy masking = new MaskingPolicy(maskProbability, replacement, tokenizer.maskId(),
                    tokenizer.vocabSize(), MaskingPolicy.specialFlags(tokenizer.vocabSize(), tokenizer.specialTokenIds()));
            TextCorpus text = TextCorpus.of(corpus);
            if (resume || exportCheckpoint) {
                Pretraining.checkResumable(output, options, maxSeqLength,
                        HexFormat.of().formatHex(CorpusTokenization.key(text, tokDir, maxSeqLength)));
            }
            MetricsLog metrics = new MetricsLog(output.resolve(Pretraining.METRICS_FILE));
            Runnable drawCurves = () -> TrainingCurves.writePanels(metrics.read(), output.resolve(TrainingCurves.FILE), panels());
            try (PretrainProgress progress = new PretrainProgress(err, new CurvesRedraw(drawCurves, err)::saved);
                 TokenCache cache = CorpusTokenization.openOrBuild(output.resolve(CACHE_FILE), text, tokenizer, tokDir,
                         maxSeqLength, progress)) {
                if (prepareOnly) return 0;
                Pretraining run = new Pretraining(cache, masking, options, output);
                if (exportCheckpoint) {
                    long step = run.exportCheckpoint(spec, tokDir);
                    err.printf("exported the checkpoint of step %d to %s%n", step, output);
                    return 0;
                }
                Supplier<RtdModel> fresh = () -> generatorDir != null
                        ? RtdModel.fromExport(modelDir, generatorDir, rtdOptions, seed)
                        : modelDir != null ? RtdModel.fromDiscriminator(modelDir, generator, rtdOptions, seed)
                        : RtdModel.initialize(discriminator, generator, rtdOptions, seed);
                err.printf("pre-training %d steps of %d x %d sequences of %d tokens%s%n", options.maxSteps(),
                        batchSize, gradAccum, maxSeqLength, resume ? " (resuming)" : "");
                try {
                    run.run(fresh, spec, resume, tokDir, progress);
                } finally {
                    drawCurves.run();
                }
            }
            return 0;
        } catch (NonFiniteLossException e) {
            throw new IllegalStateException("stopped: " + e.getMessage()
                    + "; OUTPUT/checkpoint keeps the last good state (try a lower --lr)", e);
        }
    }

    /** The model_type of the (continued) discriminator must be the one --architecture names. */
    private void checkArchitecture(DebertaConfig discriminator) {
        ModelFamily expected = switch (architecture) {
            case "deberta" -> ModelFamily.DEBERTA_V2;
            case "electra" -> ModelFamily.ELECTRA;
            default -> throw new IllegalArgumentException("--architecture: expected deberta or electra, found \""
                    + architecture + "\"");
        };
        if (discriminator.family != expected) {
            throw new IllegalArgumentException(discriminator.source() + ": --architecture " + architecture
                    + " pre-trains model_type " + expected.modelType() + ", the config has model_type "
                    + discriminator.family.modelType());
        }
    }

    private long totalSteps() {
        if (length.maxSteps != null) return length.maxSteps;
        if (length.maxTokens < 1) throw new IllegalArgumentException("--max-tokens must be >= 1, found " + length.maxTokens);
        return PretrainOptions.stepsForTokens(length.maxTokens, batchSize, gradAccum, maxSeqLength);
    }

    private void checkModelFits(DebertaConfig config, Tokenizer tokenizer, String which) {
        if (config.vocabSize < tokenizer.vocabSize()) {
            throw new IllegalArgumentException(config.source() + ": vocab_size " + config.vocabSize + " of " + which
                    + " is smaller than the tokenizer's " + tokenizer.vocabSize() + " ids");
        }
        if (maxSeqLength < 3) throw new IllegalArgumentException("--max-seq-length must be >= 3, found " + maxSeqLength);
        if (config.positionBiasedInput && maxSeqLength > config.maxPositionEmbeddings) {
            throw new IllegalArgumentException("--max-seq-length " + maxSeqLength + " exceeds " + which
                    + "'s max_position_embeddings (" + config.maxPositionEmbeddings + ")");
        }
    }

    /** The panels of training-curves.png: metrics.jsonl fields drawn together. */
    static Map<String, List<String>> panels() {
        Map<String, List<String>> p = new LinkedHashMap<>();
        p.put("generator (MLM) loss", List.of("mlm_loss"));
        p.put("discriminator (RTD) loss", List.of("rtd_loss"));
        p.put("replaced-token detection", List.of("rtd_precision", "rtd_recall", "replaced_fraction"));
        p.put("gradient norm (before clipping)", List.of("grad_norm"));
        return p;
    }
}
