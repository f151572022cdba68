package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.Checkpoints;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.quant.QuantizationConfig;
import dev.deberta4j.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A DeBERTa-V2/V3 model for inference, loaded from a Hugging Face model directory (config.json +
 * model.safetensors / sharded safetensors / pytorch_model.bin), with one of transformers' heads.
 * Immutable after loading and safe for concurrent {@link #forward} calls.
 *
 * <pre>{@code
 * var model = DebertaModel.load(Path.of("my-model"));
 * var out = model.forward(ModelInput.of(List.of(new int[]{1, 52, 6, 2}), 0));
 * float[] logits = out.logits().data();
 * }</pre>
 */
public final class DebertaModel {
    static {
        dev.deberta4j.tensor.VectorModule.require();   // one clear error when --add-modules jdk.incubator.vector is missing
    }

    private static final System.Logger LOG = System.getLogger(DebertaModel.class.getName());

    private final DebertaConfig config;
    private final HeadType headType;
    private final Embeddings embeddings;
    private final Encoder encoder;
    private final Head head;
    private final LoadReport report;

    private DebertaModel(DebertaConfig config, HeadType headType, TensorSource weights, LoadOptions options) {
        this.config = config;
        this.headType = headType;
        boolean backboneNamed = weights.contains("deberta.embeddings.word_embeddings.weight");
        WeightReader reader = new WeightReader(weights, backboneNamed);
        reader.expectQuantization(QuantizationConfig.of(config));
        if (options.freshHead()) reader.initialiseMissingHeadWeights(options.freshHeadSeed(), config.initializerRange);
        this.embeddings = new Embeddings(config, reader);
        this.encoder = new Encoder(config, reader);
        this.head = switch (headType) {
            case BASE -> null;
            case SEQUENCE_CLASSIFICATION -> new SequenceClassificationHead(config, reader, false);
            case MULTIPLE_CHOICE -> new SequenceClassificationHead(config, reader, true);
            case TOKEN_CLASSIFICATION -> new TokenClassificationHead(config, reader);
            case QUESTION_ANSWERING -> new QuestionAnsweringHead(config, reader);
            case MASKED_LM -> new MaskedLmHead(config, reader, embeddings.wordEmbeddings);
        };
        if (!reader.missing().isEmpty()) {
            throw new ModelLoadException(weights.path() + ": missing weights for " + headType.architecture() + ": "
                    + String.join(", ", reader.missing())
                    + (backboneNamed || headType == HeadType.BASE ? ""
                    : " (a backbone-only checkpoint: load with a fresh head to initialise the head weights)"));
        }
        this.report = new LoadReport(reader.unexpected(), reader.initialised());
        if (!report.unexpected().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Some weights of " + weights.path() + " were not used by "
                    + headType.architecture() + ": " + report.unexpected());
        }
        if (!report.initialised().isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "Some weights of " + headType.architecture()
                    + " were newly initialised: " + report.initialised());
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

    /** Builds a model from a config and any tensor source (the weights are copied; the source may be closed after). */
    public static DebertaModel load(DebertaConfig config, TensorSource weights, LoadOptions options) {
        HeadType head = options.head() != null ? options.head()
                : HeadType.fromArchitecture(config.architectures.isEmpty() ? "" : config.architectures.get(0));
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
        validate(input);
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

    private void validate(ModelInput in) {
        if (in.seqLen() > config.maxPositionEmbeddings) {
            throw new IllegalArgumentException("sequence length " + in.seqLen() + " exceeds max_position_embeddings "
                    + config.maxPositionEmbeddings + " of this model; split or truncate the input explicitly");
        }
        int[] ids = in.inputIds();
        int[] types = in.tokenTypeIds();
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= config.vocabSize) {
                throw new IllegalArgumentException("input_ids[" + (i / in.seqLen()) + "][" + (i % in.seqLen())
                        + "] = " + ids[i] + " is outside the vocabulary [0, " + config.vocabSize + ")");
            }
            if (config.typeVocabSize > 0 && (types[i] < 0 || types[i] >= config.typeVocabSize)) {
                throw new IllegalArgumentException("token_type_ids[" + (i / in.seqLen()) + "][" + (i % in.seqLen())
                        + "] = " + types[i] + " is outside [0, " + config.typeVocabSize + ") (type_vocab_size)");
            }
        }
    }
}
