package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.Checkpoints;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.quant.QuantizationConfig;
import dev.deberta4j.quant.StoredLinear;
import dev.deberta4j.tensor.Tensor;

import java.lang.foreign.Arena;
import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A DeBERTa-V2/V3 model, or a model of another encoder family (BERT, ELECTRA, RoBERTa / XLM-RoBERTa, DistilBERT:
 * see {@link dev.deberta4j.config.ModelFamily}), for inference, loaded from a Hugging Face model directory (config.json +
 * model.safetensors / sharded safetensors / pytorch_model.bin), with one of transformers' heads.
 * Immutable after loading and safe for concurrent {@link #forward} calls.
 *
 * <p>Weights: matrices the GEMM multiplies are packed into panels at load (their only copy); embedding tables are
 * used in place from the memory-mapped safetensors file (float32 checkpoints; others are converted to an off-heap
 * float32 copy), so loading a model costs little more memory than its packed matrices. The mappings belong to the
 * model: {@link #close()} releases them at once (a forward pass after that fails); a model that is never closed
 * releases them when it becomes unreachable, so code that just drops its models keeps working.
 *
 * <pre>{@code
 * try (var model = DebertaModel.load(Path.of("my-model"))) {
 *     var out = model.forward(ModelInput.of(List.of(new int[]{1, 52, 6, 2}), 0));
 *     float[] logits = out.logits().data();
 * }
 * }</pre>
 */
public final class DebertaModel implements AutoCloseable {
    static {
        dev.deberta4j.kernels.VectorModule.require();   // one clear error when --add-modules jdk.incubator.vector is missing
    }

    private static final System.Logger LOG = System.getLogger(DebertaModel.class.getName());
    private static final Cleaner CLEANER = Cleaner.create();

    private final DebertaConfig config;
    private final HeadType headType;
    private final Embeddings embeddings;
    private final Encoder encoder;
    private final Head head;
    private final LoadReport report;
    /** The mapped (or converted) embedding tables; closed by {@link #close()} or when the model is unreachable. */
    private final Cleaner.Cleanable release;
    private volatile boolean closed;

    private DebertaModel(DebertaConfig config, HeadType headType, TensorSource weights, LoadOptions options) {
        this.config = config;
        this.headType = headType;
        Arena arena = Arena.ofShared();
        Cleaner.Cleanable cleanable = CLEANER.register(this, arena::close);
        this.release = cleanable;
        try {
            HeadLayout.requireHead(config, headType);
            boolean backboneNamed = WeightReader.backboneNamed(weights, config.family);
            WeightReader reader = new WeightReader(weights, config.family, backboneNamed, arena);
            reader.expectQuantization(QuantizationConfig.of(config));
            if (options.freshHead()) reader.initialiseMissingHeadWeights(options.freshHeadSeed(), config.initializerRange);
            requireBackboneWeights(config, weights, backboneNamed, headType);
            this.embeddings = new Embeddings(config, reader);
            this.encoder = new Encoder(config, reader);
            if (headType == HeadType.BASE && config.family.hasBackbonePooler()) {
                // BertModel / RobertaModel hold a pooler whose output deberta4j does not return.
                reader.accept(reader.backboneName("pooler.dense.weight"));
                reader.accept(reader.backboneName("pooler.dense.bias"));
            }
            this.head = buildHead(config, headType, reader, weights, embeddings, backboneNamed);
            this.report = new LoadReport(reader.unexpected(), reader.initialised());
        } catch (RuntimeException | Error e) {
            cleanable.clean();
            throw e;
        }
        if (!report.unexpected().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Some weights of " + weights.path() + " were not used by "
                    + headType.architecture(config.family) + ": " + report.unexpected());
        }
        if (!report.initialised().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Some weights of " + headType.architecture(config.family)
                    + " were newly initialised: " + report.initialised());
        }
    }

    private static Head buildHead(DebertaConfig config, HeadType headType, WeightReader reader, TensorSource weights,
                                  Embeddings embeddings, boolean backboneNamed) {
        Head head = switch (headType) {
            case BASE -> null;
            case SEQUENCE_CLASSIFICATION -> new SequenceClassificationHead(config, reader, false);
            case MULTIPLE_CHOICE -> new SequenceClassificationHead(config, reader, true);
            case TOKEN_CLASSIFICATION -> new TokenClassificationHead(config, reader);
            case QUESTION_ANSWERING -> new QuestionAnsweringHead(config, reader);
            case MASKED_LM -> new MaskedLmHead(config, reader, embeddings.wordEmbeddings);
            case REPLACED_TOKEN_DETECTION -> new ReplacedTokenDetectionHead(config, reader);
        };
        if (!reader.missing().isEmpty()) {
            throw new ModelLoadException(weights.path() + ": missing weights for " + headType.architecture(config.family)
                    + ": " + String.join(", ", reader.missing())
                    + (backboneNamed || headType == HeadType.BASE ? ""
                    : " (a backbone-only checkpoint: load with a fresh head to initialise the head weights)"));
        }
        return head;
    }

    /**
     * Reports missing backbone weights before any module allocates room for them: a config that asks for far more
     * layers than the checkpoint holds fails here, not after allocating every absent layer.
     */
    private static void requireBackboneWeights(DebertaConfig config, TensorSource weights, boolean backboneNamed,
            HeadType headType) {
        String prefix = backboneNamed ? config.family.backbonePrefix() : "";
        List<String> missing = new ArrayList<>();
        int count = 0;
        for (ParameterLayout.Entry e : ParameterLayout.of(config, HeadType.BASE).entries()) {
            if (e.buffer() || e.name().startsWith("pooler.")) continue;   // BertModel's pooler: task models lack it
            String name = prefix + e.name();
            boolean present = weights.contains(name) || weights.contains(name + StoredLinear.INT8_SUFFIX)
                    || weights.contains(name + StoredLinear.INT4_SUFFIX);
            if (!present && count++ < 20) missing.add(name);
        }
        if (count > 0) {
            throw new ModelLoadException(weights.path() + ": missing weights for " + headType.architecture(config.family)
                    + ": " + String.join(", ", missing) + (count > missing.size() ? " and " + (count - missing.size())
                    + " more (config.json: num_hidden_layers " + config.numHiddenLayers + ")" : ""));
        }
    }

    /** Loads a model directory with the head of its config's first architecture. */
    public static DebertaModel load(Path dir) {
        return load(dir, LoadOptions.defaults());
    }

    public static DebertaModel load(Path dir, LoadOptions options) {
        DebertaConfig config = DebertaConfig.load(dir);
        try (TensorSource weights = Checkpoints.open(dir)) {
            return load(config, weights, options);
        }
    }

    /**
     * Builds a model from a config and any tensor source. Matrices are packed and embedding tables mapped (or copied)
     * on their own, so the source may be closed after.
     */
    public static DebertaModel load(DebertaConfig config, TensorSource weights, LoadOptions options) {
        HeadType head = options.head() != null ? options.head()
                : HeadType.fromArchitecture(config.architectures.isEmpty() ? "" : config.architectures.get(0),
                        config.family);
        if (options.head() == null) {
            HeadType.unknownArchitectureWarning(config.architectures, config.family)
                    .ifPresent(w -> LOG.log(System.Logger.Level.WARNING, config.source() + ": " + w));
        }
        return new DebertaModel(config, head, weights, options);
    }

    /** A model with fresh weights (transformers' initialisation), e.g. for benchmarks or training from scratch. */
    public static DebertaModel randomlyInitialised(DebertaConfig config, HeadType head, long seed) {
        return new DebertaModel(config, head, WeightInitializer.initialise(config, head, seed), LoadOptions.head(head));
    }

    public DebertaConfig config() {
        return config;
    }

    public HeadType headType() {
        return headType;
    }

    public LoadReport loadReport() {
        return report;
    }

    public ModelOutput forward(ModelInput input) {
        return forward(input, false, false);
    }

    /** Runs the model; hidden states and attention probabilities are returned only when asked for. */
    public ModelOutput forward(ModelInput input, boolean outputHiddenStates, boolean outputAttentions) {
        if (closed) throw new IllegalStateException("this DebertaModel is closed");
        try {
            return run(input, outputHiddenStates, outputAttentions);
        } finally {
            Reference.reachabilityFence(this);   // the mapped tables stay open while a pass reads them
        }
    }

    /**
     * Releases the memory-mapped (or converted) embedding tables now rather than when the model becomes
     * unreachable. Idempotent; call it when no forward pass is running. Packed matrices are ordinary memory.
     */
    @Override
    public void close() {
        closed = true;
        release.clean();
    }

    private ModelOutput run(ModelInput input, boolean outputHiddenStates, boolean outputAttentions) {
        input.validate(config);
        int batch = input.batch();
        int len = input.seqLen();
        int hidden = config.hiddenSize;
        List<float[]> states = outputHiddenStates ? new ArrayList<>() : null;
        List<float[]> probs = outputAttentions ? new ArrayList<>() : null;
        float[] embedded = embeddings.forward(input);
        float[] last = encoder.forward(embedded, input, states, probs);
        Head.Output headOut = head == null ? new Head.Output(null, null, null) : head.forward(last, input);
        List<Tensor> hiddenStates = new ArrayList<>();
        if (states != null) {
            for (float[] s : states) hiddenStates.add(new Tensor(s, new int[]{batch, len, hidden}));
        }
        List<Tensor> attentions = new ArrayList<>();
        if (probs != null) {
            for (float[] p : probs) attentions.add(new Tensor(p, new int[]{batch, config.numAttentionHeads, len, len}));
        }
        return new ModelOutput(new Tensor(last, new int[]{batch, len, hidden}), List.copyOf(hiddenStates),
                List.copyOf(attentions), headOut.logits(), headOut.startLogits(), headOut.endLogits());
    }
}
