package dev.deberta4j.pretrain;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.model.HeadLayout;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.ParameterLayout;
import dev.deberta4j.model.WeightInitializer;
import dev.deberta4j.tensor.Tensor;
import dev.deberta4j.train.BceWithLogitsLoss;
import dev.deberta4j.train.CrossEntropyLoss;
import dev.deberta4j.train.DropoutStream;
import dev.deberta4j.train.TrainableEmbeddings;
import dev.deberta4j.train.TrainableEncoder;
import dev.deberta4j.train.LossValue;
import dev.deberta4j.train.TrainableMaskedLmHead;
import dev.deberta4j.train.Parameter;
import dev.deberta4j.train.ParameterSet;
import dev.deberta4j.train.TrainableReplacedTokenDetectionHead;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * DeBERTa-V3's pre-training model: ELECTRA-style replaced-token detection with Gradient-Disentangled Embedding
 * Sharing. A generator (DebertaV2ForMaskedLM) predicts the masked tokens; replacements are sampled from its
 * softmax; a discriminator (a DeBERTa backbone + {@link TrainableReplacedTokenDetectionHead}) tells replaced tokens from
 * original ones. The discriminator's word embedding is E_D = stop_gradient(E_G) + E_Δ: it reads the generator's
 * table E_G but its loss reaches only E_Δ ({@code gdes.delta_word_embeddings}, zero at the start).
 *
 * <p>With ELECTRA configs (model_type electra) the same pass trains ELECTRA's pair instead: ElectraForMaskedLM and
 * ElectraForPreTraining sharing one embeddings module with ordinary gradient flow ({@link ElectraPair}).
 *
 * <p>Weight names are those of the parity fixture's rtd_weights.safetensors: {@code generator.} + transformers'
 * DebertaV2ForMaskedLM names (decoder tied to the word embeddings), {@code discriminator.deberta.} + DebertaV2Model
 * names without the word embeddings, {@code discriminator.discriminator_predictions.*}, {@code gdes.*}.
 * Not thread-safe: one pass at a time (each pass is multi-threaded inside).
 *
 * <pre>{@code
 * RtdModel model = RtdModel.initialize(discriminatorConfig, null, 42);
 * AdamW adam = new AdamW(model.parameters(), options);
 * TokenSampler sampler = TokenSampler.softmax(42, 1.0);
 * model.zeroGrad();
 * RtdStepResult r = model.forwardBackward(RtdBatch.withMaskToken(input, masked, maskId), sampler);
 * adam.step(lr);
 * }</pre>
 */
public final class RtdModel {
    public static final String GENERATOR = "generator.";
    public static final String DISCRIMINATOR = "discriminator.";
    public static final String DELTA_WORD_EMBEDDINGS = "gdes.delta_word_embeddings";
    private static final String BACKBONE = "deberta.";
    private static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";
    /** The Enhanced Mask Decoder's absolute position table: microsoft/DeBERTa's name, which transformers ignores. */
    public static final String EMD_POSITION_EMBEDDINGS = GENERATOR + BACKBONE + "embeddings.position_embeddings.weight";

    private final DebertaConfig discriminatorConfig;
    private final DebertaConfig generatorConfig;
    private final RtdOptions options;
    private final long seed;
    private final List<Parameter> parameters;
    private final Map<String, Parameter> byName = new LinkedHashMap<>();

    private final TrainableEmbeddings generatorEmbeddings;
    private final TrainableEncoder generatorEncoder;
    private final TrainableMaskedLmHead generatorHead;
    private final TrainableEmbeddings discriminatorEmbeddings;
    private final TrainableEncoder discriminatorEncoder;
    private final TrainableReplacedTokenDetectionHead discriminatorHead;
    private final Parameter delta;

    private long passes;
    private float[] lastGeneratorLogits;
    private int[] lastDiscriminatorInputIds;
    private float[] lastDiscriminatorLogits;

    private RtdModel(DebertaConfig discriminator, DebertaConfig generator, RtdOptions options, long seed,
                     List<Parameter> parameters) {
        this.discriminatorConfig = discriminator;
        this.generatorConfig = generator;
        this.options = options;
        this.seed = seed;
        this.parameters = List.copyOf(parameters);
        List<Parameter> gen = new ArrayList<>();
        List<Parameter> disc = new ArrayList<>();
        for (Parameter p : parameters) {
            byName.put(p.name(), p);
            if (p.name().startsWith(GENERATOR)) gen.add(p);
            else if (p.name().startsWith(DISCRIMINATOR)) disc.add(p);
        }
        // The sharing rule: ELECTRA's generator reads the discriminator's embeddings module (ElectraPair);
        // DeBERTa's discriminator reads the generator's word table through GDES.
        boolean electra = ElectraPair.isElectra(discriminator);
        String backbone = discriminator.family.backbonePrefix();
        ParameterSet g = ParameterSet.scoped(GENERATOR, backbone, generator.family, gen,
                electra ? ElectraPair.sharedForGenerator(disc) : Map.of());
        ParameterSet d = ParameterSet.scoped(DISCRIMINATOR, backbone, discriminator.family, disc, Map.of());
        delta = electra ? null : parameter(DELTA_WORD_EMBEDDINGS);
        generatorEmbeddings = new TrainableEmbeddings(generator, g);
        generatorEncoder = new TrainableEncoder(generator, g, options.emd() ? parameter(EMD_POSITION_EMBEDDINGS) : null);
        generatorHead = new TrainableMaskedLmHead(generator, g, generatorEmbeddings.wordEmbeddings());
        discriminatorEmbeddings = electra ? new TrainableEmbeddings(discriminator, d)
                : new TrainableEmbeddings(discriminator, d, delta, generatorEmbeddings.wordEmbeddings());
        discriminatorEncoder = new TrainableEncoder(discriminator, d);
        discriminatorHead = new TrainableReplacedTokenDetectionHead(discriminator, d);
    }

    // ---------------------------------------------------------------- factories

    /**
     * A freshly initialised model (transformers' _init_weights for both networks, the RTD head normal(0,
     * initializer_range) with zero biases, E_Δ = 0). {@code generatorOrNull} null: the discriminator's config with
     * half its layers (DeBERTa-V3's generator). {@code seed} also seeds dropout.
     */
    public static RtdModel initialize(DebertaConfig discriminator, DebertaConfig generatorOrNull, long seed) {
        return initialize(discriminator, generatorOrNull, RtdOptions.defaults(), seed);
    }

    public static RtdModel initialize(DebertaConfig discriminator, DebertaConfig generatorOrNull, RtdOptions options,
                                      long seed) {
        DebertaConfig generator = generatorOrNull != null ? generatorOrNull : defaultGenerator(discriminator);
        InMemoryTensorSource w = new InMemoryTensorSource(Path.of("<initialised RTD model>"));
        copyPrefixed(WeightInitializer.initialise(generator, HeadType.MASKED_LM, seed), "", GENERATOR, w);
        copyPrefixed(WeightInitializer.initialise(discriminator, HeadType.BASE, seed + 1), "",
                DISCRIMINATOR + discriminator.family.backbonePrefix(), w);
        return fromWeights(discriminator, generator, options, withFreshExtras(w, discriminator, generator, options,
                seed), seed);
    }

    /**
     * A model from weights under this class's names (the fixture's rtd_weights.safetensors, or a checkpoint).
     * Every weight must be there, with the shape the configs give.
     */
    public static RtdModel fromWeights(DebertaConfig discriminator, DebertaConfig generator, RtdOptions options,
                                       TensorSource weights, long seed) {
        checkCompatible(discriminator, generator);
        List<Parameter> params = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (ParameterLayout.Entry e : layout(discriminator, generator, options)) {
            if (!weights.contains(e.name())) {
                missing.add(e.name());
                continue;
            }
            long[] shape = weights.info(e.name()).shape();
            if (!Arrays.equals(shape, e.shape())) {
                throw new IllegalArgumentException(weights.path() + ": weight " + e.name() + " has shape "
                        + Arrays.toString(shape) + ", the configs require " + Arrays.toString(e.shape()));
            }
            params.add(new Parameter(e.name(), e.intShape(), weights.readFloats(e.name())));
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(weights.path() + ": missing weights of the RTD model: "
                    + String.join(", ", missing));
        }
        return new RtdModel(discriminator, generator, options, seed, params);
    }

    /**
     * Continued pre-training from a Hugging Face discriminator directory (e.g. team-lucid/deberta-v3-base-korean,
     * or the discriminator/ of our own export): the discriminator and, when present, its RTD head from there; the
     * generator ({@code generatorOrNull} null: half the layers) from the discriminator's embeddings, relative
     * embeddings and lower layers, its MLM head fresh (or the directory's, if it has one); E_Δ = 0.
     */
    public static RtdModel fromDiscriminator(Path hfDir, DebertaConfig generatorOrNull, RtdOptions options, long seed) {
        if (ElectraPair.isElectra(DebertaConfig.load(hfDir))) {
            return ElectraPair.fromPretrained(hfDir, null, generatorOrNull, options, seed);
        }
        return RtdExport.fromDiscriminator(hfDir, generatorOrNull, options, seed);
    }

    /**
     * Continued pre-training from an earlier export's discriminator/ and generator/ (the generator kept whole, E_Δ =
     * E_D − E_G): a run stopped without its checkpoint goes on from its exported weights.
     */
    public static RtdModel fromExport(Path discriminatorDir, Path generatorDir, RtdOptions options, long seed) {
        if (ElectraPair.isElectra(DebertaConfig.load(discriminatorDir))) {
            return ElectraPair.fromPretrained(discriminatorDir, generatorDir, null, options, seed);
        }
        return RtdExport.fromExport(discriminatorDir, generatorDir, options, seed);
    }

    /** Reads a state written by {@link #save}: weights, configs, options, seed and pass counter. */
    public static RtdModel load(Path dir) {
        return RtdModelFiles.load(dir);
    }

    /**
     * The discriminator's config with num_hidden_layers halved (at least 1): DeBERTa-V3's generator; for ELECTRA,
     * ELECTRA's narrower generator ({@link #electraGenerator}, the paper's fraction for the discriminator's size).
     */
    public static DebertaConfig defaultGenerator(DebertaConfig discriminator) {
        if (ElectraPair.isElectra(discriminator)) {
            return electraGenerator(discriminator, ElectraPair.defaultHiddenFraction(discriminator));
        }
        return discriminator.with(Map.of("num_hidden_layers", Math.max(1, discriminator.numHiddenLayers / 2)));
    }

    /**
     * ELECTRA's generator for a discriminator: hidden_size × {@code hiddenFraction} (ELECTRA: 1/4 small and large,
     * 1/3 base), intermediate 4 × hidden, max(1, hidden/64) heads, the same layers and embedding_size.
     */
    public static DebertaConfig electraGenerator(DebertaConfig discriminator, double hiddenFraction) {
        return ElectraPair.defaultGenerator(discriminator, hiddenFraction);
    }

    /**
     * Every trainable tensor of the model, named as in rtd_weights.safetensors, with its init rule (for fresh
     * weights): the generator, the discriminator without its word embeddings, the RTD head, E_Δ (ELECTRA:
     * {@link ElectraPair#layout}).
     */
    static List<ParameterLayout.Entry> layout(DebertaConfig d, DebertaConfig g, RtdOptions options) {
        if (ElectraPair.isElectra(d)) return ElectraPair.layout(d, g, options);
        List<ParameterLayout.Entry> out = new ArrayList<>();
        for (ParameterLayout.Entry e : ParameterLayout.of(g, HeadType.MASKED_LM).entries()) {
            if (!e.buffer()) out.add(renamed(e, GENERATOR + e.name()));
        }
        if (options.emd()) addEmdPositions(out, g);
        for (ParameterLayout.Entry e : ParameterLayout.of(d, HeadType.BASE).entries()) {
            if (!e.buffer() && !e.name().equals(WORD_EMBEDDINGS)) out.add(renamed(e, DISCRIMINATOR + BACKBONE + e.name()));
        }
        int h = d.hiddenSize;
        HeadLayout.Discriminator names = HeadLayout.discriminatorOfAnyFamily(d);
        String head = DISCRIMINATOR + names.dense();
        String prediction = DISCRIMINATOR + names.prediction();
        out.add(entry(head + ".weight", ParameterLayout.Init.NORMAL, h, h));
        out.add(entry(head + ".bias", ParameterLayout.Init.ZEROS, h));
        out.add(entry(prediction + ".weight", ParameterLayout.Init.NORMAL, 1, h));
        out.add(entry(prediction + ".bias", ParameterLayout.Init.ZEROS, 1));
        out.add(entry(DELTA_WORD_EMBEDDINGS, ParameterLayout.Init.ZEROS, d.vocabSize, d.embeddingSize));
        return out;
    }

    private static void addEmdPositions(List<ParameterLayout.Entry> out, DebertaConfig g) {
        if (g.positionBiasedInput) {
            throw new IllegalArgumentException("the Enhanced Mask Decoder needs a generator with position_biased_input "
                    + "false (with absolute positions in the input, microsoft/DeBERTa's decoder is the plain MLM head)");
        }
        if (g.embeddingSize != g.hiddenSize) {
            throw new IllegalArgumentException("the Enhanced Mask Decoder adds position embeddings to hidden states: "
                    + "embedding_size " + g.embeddingSize + " must equal hidden_size " + g.hiddenSize);
        }
        out.add(entry(EMD_POSITION_EMBEDDINGS, ParameterLayout.Init.NORMAL, g.maxPositionEmbeddings, g.hiddenSize));
    }

    static ParameterLayout.Entry renamed(ParameterLayout.Entry e, String name) {
        return new ParameterLayout.Entry(name, e.shape(), e.init(), e.buffer(), e.fanIn());
    }

    private static ParameterLayout.Entry entry(String name, ParameterLayout.Init init, long... shape) {
        return new ParameterLayout.Entry(name, shape, init, false, shape.length > 1 ? shape[1] : 0);
    }

    /** Adds the weights transformers' classes lack (RTD head, E_Δ) to {@code w}, initialised from {@code seed}. */
    static InMemoryTensorSource withFreshExtras(InMemoryTensorSource w, DebertaConfig d, DebertaConfig g,
                                                RtdOptions options, long seed) {
        SplittableRandom random = new SplittableRandom(seed + 2);
        for (ParameterLayout.Entry e : layout(d, g, options)) {
            if (w.contains(e.name())) continue;
            float[] data = new float[Math.toIntExact(e.numel())];
            switch (e.init()) {
                case NORMAL -> {
                    for (int i = 0; i < data.length; i++) data[i] = (float) (random.nextGaussian() * d.initializerRange);
                }
                case ZEROS -> { }
                case ONES -> Arrays.fill(data, 1f);
                default -> throw new IllegalStateException("no fresh initialisation for " + e.name());
            }
            w.putFloats(e.name(), data, e.shape());
        }
        return w;
    }

    static void copyPrefixed(TensorSource from, String stripPrefix, String addPrefix, InMemoryTensorSource to) {
        for (String name : from.names()) {
            if (!name.startsWith(stripPrefix) || !from.info(name).dtype().isFloatingPoint()) continue;
            to.putFloats(addPrefix + name.substring(stripPrefix.length()), from.readFloats(name), from.info(name).shape());
        }
    }

    private static void checkCompatible(DebertaConfig d, DebertaConfig g) {
        if (ElectraPair.isElectra(d) || ElectraPair.isElectra(g)) {
            ElectraPair.checkCompatible(d, g);
            return;
        }
        for (DebertaConfig c : List.of(d, g)) {
            if (!c.family.isDeberta()) {
                throw new IllegalArgumentException((c.source() == null ? "config" : c.source().toString())
                        + ": pre-training (RTD + GDES) builds DeBERTa-V3 models (model_type deberta-v2), found "
                        + "model_type " + c.family.modelType());
            }
        }
        if (d.vocabSize != g.vocabSize || d.embeddingSize != g.embeddingSize) {
            throw new IllegalArgumentException("GDES shares the word embeddings: generator and discriminator need the "
                    + "same vocab_size and embedding_size, found generator " + g.vocabSize + " x " + g.embeddingSize
                    + ", discriminator " + d.vocabSize + " x " + d.embeddingSize);
        }
        if (d.padTokenId != g.padTokenId) {
            throw new IllegalArgumentException("generator pad_token_id " + g.padTokenId
                    + " differs from the discriminator's " + d.padTokenId);
        }
    }

    // ---------------------------------------------------------------- accessors

    public DebertaConfig discriminatorConfig() {
        return discriminatorConfig;
    }

    public DebertaConfig generatorConfig() {
        return generatorConfig;
    }

    public RtdOptions options() {
        return options;
    }

    public long seed() {
        return seed;
    }

    /** Every trainable parameter (what {@code new AdamW(...)} takes); the tied MLM decoder appears once. */
    public List<Parameter> parameters() {
        return parameters;
    }

    public Parameter parameter(String name) {
        Parameter p = byName.get(name);
        if (p == null) throw new IllegalArgumentException("the RTD model has no parameter " + name);
        return p;
    }

    public void zeroGrad() {
        for (Parameter p : parameters) p.zeroGrad();
    }

    /** Passes run so far: the position of the dropout and sampling streams (save it with a checkpoint). */
    public long passes() {
        return passes;
    }

    public void restorePasses(long passes) {
        if (passes < 0) throw new IllegalArgumentException("passes must be >= 0, found " + passes);
        this.passes = passes;
    }

    // ---------------------------------------------------------------- files

    /**
     * Writes the full state into {@code dir} (created if missing): rtd_weights.safetensors, discriminator_config.json,
     * generator_config.json, rtd_model.json. Stage it in a temporary directory (AtomicDirectory) for an atomic
     * checkpoint.
     */
    public void save(Path dir) {
        RtdModelFiles.save(this, dir);
    }

    /**
     * Writes {@code out/discriminator/} (a DebertaV2Model directory: word embeddings E_G + E_Δ, the RTD head under
     * discriminator_predictions.*, config.json, the tokenizer files) and {@code out/generator/} (a
     * DebertaV2ForMaskedLM directory), each atomically (staged, then renamed into place).
     * {@code tokenizerDir} null: no tokenizer files.
     */
    public void export(Path out, Path tokenizerDir) {
        if (ElectraPair.isElectra(discriminatorConfig)) ElectraPair.export(this, out, tokenizerDir);
        else RtdExport.export(this, out, tokenizerDir);
    }

    // ---------------------------------------------------------------- training

    /** One pass; gradients of the total loss are ADDED to the parameters' gradients. */
    public RtdStepResult forwardBackward(RtdBatch batch, TokenSampler sampler) {
        return forwardBackward(batch, sampler, 1f);
    }

    /**
     * One train-mode pass accumulating the gradients of lossScale · (MLM + λ·RTD) (lossScale 1/k for k
     * accumulated micro-batches); the returned losses are unscaled. Order: generator forward at every position,
     * its vocabulary projection and loss at the masked positions only, sampling, generator backward, then the
     * discriminator forward and backward on the corrupted input. A batch without masked positions skips the generator
     * (MLM loss 0, no generator gradient; torch would give NaN) and trains the discriminator on the original tokens.
     */
    public RtdStepResult forwardBackward(RtdBatch batch, TokenSampler sampler, float lossScale) {
        ModelInput in = batch.input();
        validate(in, batch.generatorInputIds());
        long pass = passes++;
        DropoutStream generatorStream = DropoutStream.forPass(seed, 2 * pass);
        DropoutStream discriminatorStream = DropoutStream.forPass(seed, 2 * pass + 1);
        int rows = in.batch() * in.seqLen();
        int vocab = generatorConfig.vocabSize;
        int[] original = in.inputIds();
        int[] masked = batch.maskedRows();

        // Generator: MLM at the masked positions, replacements sampled from its softmax.
        double mlmLoss = 0;
        int[] corrupted = original.clone();
        if (masked.length > 0) {
            ModelInput generatorInput = batch.generatorInput();
            float[] hidden = generatorEncoder.forward(generatorEmbeddings.forward(generatorInput, generatorStream),
                    generatorInput, generatorStream);
            float[] logits = generatorHead.forwardRows(hidden, rows, masked);
            int[] labels = new int[masked.length];
            for (int r = 0; r < masked.length; r++) labels[r] = original[masked[r]];
            // Every label is a vocabulary id, so the loss visits every row: a softmax sampler draws from its exponentials.
            TokenSampler.FromSoftmax draws = sampler.fromSoftmax(masked.length, pass);
            LossValue mlm = CrossEntropyLoss.compute(logits, masked.length, vocab, labels,
                    draws == null ? null : draws::draw);
            mlmLoss = mlm.loss();
            int[] sampled = draws != null ? draws.drawn() : sampler.sample(logits, vocab, masked, pass);
            for (int r = 0; r < masked.length; r++) {
                if (sampled[r] < 0 || sampled[r] >= vocab) {
                    throw new IllegalArgumentException("sampled token " + sampled[r] + " at position " + masked[r]
                            + " is outside the vocabulary [0, " + vocab + ")");
                }
                corrupted[masked[r]] = sampled[r];
            }
            lastGeneratorLogits = logits;
            float[] dLogits = scaled(mlm.gradient(), lossScale);
            generatorEmbeddings.backward(generatorEncoder.backward(generatorHead.backward(dLogits)));
        } else {
            lastGeneratorLogits = new float[0];
        }

        // Discriminator on the corrupted input; BCE over the non-pad tokens.
        ModelInput discriminatorInput = batch.withIds(corrupted);
        float[] hidden = discriminatorEncoder.forward(discriminatorEmbeddings.forward(discriminatorInput,
                discriminatorStream), discriminatorInput, discriminatorStream);
        float[] logits = discriminatorHead.forward(hidden, discriminatorInput, discriminatorStream);
        int[] attention = in.attentionMask();
        int tokens = 0;
        for (int m : attention) if (m != 0) tokens++;
        float[] kept = new float[tokens];
        float[] targets = new float[tokens];
        long tp = 0, fp = 0, fn = 0, replaced = 0;
        for (int i = 0, k = 0; i < rows; i++) {
            if (attention[i] == 0) continue;
            boolean isReplaced = corrupted[i] != original[i];
            boolean predicted = logits[i] > 0;
            if (isReplaced) replaced++;
            if (predicted && isReplaced) tp++;
            if (predicted && !isReplaced) fp++;
            if (!predicted && isReplaced) fn++;
            kept[k] = logits[i];
            targets[k++] = isReplaced ? 1f : 0f;
        }
        double rtdLoss = 0;
        float[] dLogits = new float[rows];
        if (tokens > 0) {
            LossValue rtd = BceWithLogitsLoss.compute(kept, targets);
            rtdLoss = rtd.loss();
            float scale = (float) (options.rtdWeight() * lossScale);
            float[] g = rtd.gradient();
            for (int i = 0, k = 0; i < rows; i++) {
                if (attention[i] != 0) dLogits[i] = g[k++] * scale;
            }
        }
        discriminatorEmbeddings.backward(discriminatorEncoder.backward(discriminatorHead.backward(dLogits)));
        lastDiscriminatorInputIds = corrupted;
        lastDiscriminatorLogits = logits;
        return new RtdStepResult(mlmLoss, rtdLoss, mlmLoss + options.rtdWeight() * rtdLoss, tp, fp, fn,
                masked.length, replaced, tokens);
    }

    private static float[] scaled(float[] g, float scale) {
        if (scale != 1f) {
            for (int i = 0; i < g.length; i++) g[i] *= scale;
        }
        return g;
    }

    /** The generator's logits at the masked positions of the last pass [masked, vocab]. */
    public float[] lastGeneratorLogits() {
        return lastGeneratorLogits;
    }

    /** The discriminator's input of the last pass (the original ids with the sampled replacements) [batch·L]. */
    public int[] lastDiscriminatorInputIds() {
        return lastDiscriminatorInputIds;
    }

    /** The discriminator's logits of the last pass [batch·L]. */
    public float[] lastDiscriminatorLogits() {
        return lastDiscriminatorLogits;
    }

    // ---------------------------------------------------------------- evaluation

    /** Eval mode: the generator's masked-LM logits at every position [batch, L, vocab]. */
    public Tensor generatorLogits(ModelInput in) {
        validate(in, in.inputIds());
        float[] hidden = generatorEncoder.forward(generatorEmbeddings.forward(in, DropoutStream.EVAL), in,
                DropoutStream.EVAL);
        int[] all = new int[in.batch() * in.seqLen()];
        for (int i = 0; i < all.length; i++) all[i] = i;
        return new Tensor(generatorHead.forwardRows(hidden, all.length, all),
                new int[]{in.batch(), in.seqLen(), generatorConfig.vocabSize});
    }

    /** Eval mode: the discriminator's replaced-token logits [batch, L]. */
    public Tensor discriminatorLogits(ModelInput in) {
        float[] hidden = discriminatorHiddenStates(in);
        return new Tensor(discriminatorHead.forward(hidden, in, DropoutStream.EVAL), new int[]{in.batch(), in.seqLen()});
    }

    /** Eval mode: the discriminator backbone's last hidden state [batch·L, hidden]. */
    float[] discriminatorHiddenStates(ModelInput in) {
        validate(in, in.inputIds());
        return discriminatorEncoder.forward(discriminatorEmbeddings.forward(in, DropoutStream.EVAL), in,
                DropoutStream.EVAL);
    }

    private void validate(ModelInput in, int[] generatorIds) {
        int maxLength = Math.min(discriminatorConfig.maxPositionEmbeddings, generatorConfig.maxPositionEmbeddings);
        if (in.seqLen() > maxLength) {
            throw new IllegalArgumentException("sequence length " + in.seqLen() + " exceeds max_position_embeddings "
                    + maxLength);
        }
        checkVocabulary("input_ids", in.inputIds(), in.seqLen());
        checkVocabulary("generator input_ids", generatorIds, in.seqLen());
        int[] types = in.tokenTypeIds();
        // Without token type embeddings (type_vocab_size 0) a network ignores token_type_ids, as transformers does.
        int d = discriminatorConfig.typeVocabSize;
        int g = generatorConfig.typeVocabSize;
        int typeVocab = d == 0 ? g : g == 0 ? d : Math.min(d, g);
        if (typeVocab > 0) {
            for (int i = 0; i < types.length; i++) {
                if (types[i] < 0 || types[i] >= typeVocab) {
                    throw new IllegalArgumentException("token_type_ids[" + (i / in.seqLen()) + "][" + (i % in.seqLen())
                            + "] = " + types[i] + " is outside [0, " + typeVocab + ") (type_vocab_size)");
                }
            }
        }
    }

    private void checkVocabulary(String what, int[] ids, int seqLen) {
        int vocab = discriminatorConfig.vocabSize;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocab) {
                throw new IllegalArgumentException(what + "[" + (i / seqLen) + "][" + (i % seqLen) + "] = " + ids[i]
                        + " is outside the vocabulary [0, " + vocab + ")");
            }
        }
    }
}
