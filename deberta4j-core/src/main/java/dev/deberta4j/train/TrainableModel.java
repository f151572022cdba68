package dev.deberta4j.train;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.io.SafetensorsWriter;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.LoadOptions;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.WeightInitializer;
import dev.deberta4j.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A DeBERTa-V2/V3 model with a task head, in train mode: fp32 master weights under transformers' names, an
 * explicit forward and backward pass per module (each module keeps the activations its backward needs, as in
 * llm.c), seeded StableDropout, and the loss transformers' model class uses for the head and the labels.
 * Not thread-safe: one pass at a time (each pass is multi-threaded inside).
 *
 * <pre>{@code
 * var model = TrainableModel.create(config, HeadType.SEQUENCE_CLASSIFICATION, weights, 42);
 * model.zeroGrad();
 * float loss = model.forwardBackward(batch, new Labels.Classes(new int[]{0, 2, 1}));
 * optimizer.step(schedule.at(step));
 * }</pre>
 */
public final class TrainableModel {
    static {
        dev.deberta4j.kernels.VectorModule.require();   // one clear error when --add-modules jdk.incubator.vector is missing
    }

    private final DebertaConfig config;
    private final HeadType headType;
    private final long seed;
    private final ParameterSet parameters;
    private final TrainableEmbeddings embeddings;
    private final TrainableEncoder encoder;
    private final TrainableHead head;
    private long passes;
    private Tensor lastLogits;

    private TrainableModel(DebertaConfig config, HeadType headType, ParameterSet parameters, long seed) {
        this.config = config;
        this.headType = headType;
        this.seed = seed;
        this.parameters = parameters;
        this.embeddings = new TrainableEmbeddings(config, parameters);
        this.encoder = new TrainableEncoder(config, parameters);
        this.head = switch (headType) {
            case SEQUENCE_CLASSIFICATION -> new TrainableSequenceClassificationHead(config, parameters, false);
            case MULTIPLE_CHOICE -> new TrainableSequenceClassificationHead(config, parameters, true);
            case TOKEN_CLASSIFICATION -> new TrainableTokenClassificationHead(config, parameters);
            case QUESTION_ANSWERING -> new TrainableQuestionAnsweringHead(config, parameters);
            case MASKED_LM -> new TrainableMaskedLmHead(config, parameters, embeddings.wordEmbeddings);
            case REPLACED_TOKEN_DETECTION -> new TrainableReplacedTokenDetectionHead(config, parameters);
            case BASE -> null;
        };
    }

    /** Refuses the heads a task cannot train: the bare backbone (no loss) and replaced-token detection (pretrain's). */
    private static void requireTaskHead(DebertaConfig config, HeadType head) {
        if (head == HeadType.BASE) {
            throw new IllegalArgumentException("a backbone without a head (" + head.architecture(config.family)
                    + ") has no loss to train; choose a task head");
        }
        if (head == HeadType.REPLACED_TOKEN_DETECTION) {
            throw new IllegalArgumentException(head.architecture(config.family) + " is trained by pretrain "
                    + "(replaced-token detection), not as a task head");
        }
    }

    /**
     * A model with the given head whose weights are read from {@code initialWeights} (a task checkpoint, or a
     * backbone-only one: missing head weights are initialised as transformers does, from {@code seed}).
     * {@code seed} also seeds dropout.
     */
    public static TrainableModel create(DebertaConfig config, HeadType head, TensorSource initialWeights, long seed) {
        requireTaskHead(config, head);
        return new TrainableModel(config, head, ParameterSet.load(config, head, initialWeights, seed), seed);
    }

    /**
     * A model of any head, the bare backbone and replaced-token detection included, for eval-mode passes only
     * ({@link #evalPass}): the training forward that the cross-check against inference runs.
     */
    static TrainableModel forEvaluation(DebertaConfig config, HeadType head, TensorSource weights, long seed) {
        return new TrainableModel(config, head, ParameterSet.load(config, head, weights, seed), seed);
    }

    /** A freshly initialised model (transformers' _init_weights), to train from scratch. */
    public static TrainableModel initialise(DebertaConfig config, HeadType head, long seed) {
        return create(config, head, WeightInitializer.initialise(config, head, seed), seed);
    }

    public DebertaConfig config() {
        return config;
    }

    public HeadType headType() {
        return headType;
    }

    public long seed() {
        return seed;
    }

    /** The trainable parameters in transformers' state_dict order; tied tensors appear once. */
    public List<Parameter> parameters() {
        return parameters.list();
    }

    public Parameter parameter(String name) {
        return parameters.get(name);
    }

    /** Head parameters that the initial weights lacked and were freshly initialised. */
    public List<String> freshlyInitialised() {
        return parameters.initialised();
    }

    public void zeroGrad() {
        for (Parameter p : parameters.list()) p.zeroGrad();
    }

    /**
     * One train-mode forward and backward pass: gradients of the loss are ADDED to every parameter's gradient
     * (call {@link #zeroGrad()} between optimizer steps). Dropout masks come from the model seed and a pass counter.
     *
     * @return the loss of this batch
     */
    public float forwardBackward(ModelInput batch, Labels labels) {
        return forwardBackward(batch, labels, 1f);
    }

    /** As {@link #forwardBackward(ModelInput, Labels)}, accumulating the gradient of lossScale · loss. */
    public float forwardBackward(ModelInput batch, Labels labels, float lossScale) {
        DropoutStream stream = DropoutStream.forPass(seed, passes++);
        return forwardBackward(batch, labels, lossScale, stream);
    }

    /** A pass with explicit dropout randomness (tests reuse one stream to repeat the same masks). */
    float forwardBackward(ModelInput batch, Labels labels, float lossScale, DropoutStream stream) {
        float[] logits = forward(batch, stream);
        LossValue loss = TaskLoss.compute(headType, config, batch, logits, labels);
        float[] dLogits = loss.gradient();
        if (lossScale != 1f) {
            for (int i = 0; i < dLogits.length; i++) dLogits[i] *= lossScale;
        }
        embeddings.backward(encoder.backward(head.backward(dLogits)));
        return (float) loss.loss();
    }

    /** The loss of a forward pass with the given dropout randomness, no gradients (finite-difference checks). */
    double lossWith(ModelInput batch, Labels labels, DropoutStream stream) {
        return TaskLoss.compute(headType, config, batch, forward(batch, stream), labels).loss();
    }

    /** Eval mode (no dropout, no gradients): the loss of a batch. */
    public float loss(ModelInput batch, Labels labels) {
        float[] logits = forward(batch, DropoutStream.EVAL);
        return (float) TaskLoss.compute(headType, config, batch, logits, labels).loss();
    }

    /** Eval mode (no dropout, no gradients): the logits, shaped as transformers shapes them. */
    public Tensor logits(ModelInput batch) {
        forward(batch, DropoutStream.EVAL);
        return lastLogits;
    }

    /** The logits of the most recent pass (train or eval). */
    public Tensor lastLogits() {
        return lastLogits;
    }

    private float[] forward(ModelInput batch, DropoutStream stream) {
        return forward(batch, stream, null);
    }

    /** @param hiddenStates if not null, receives the embedding output and every layer's output */
    private float[] forward(ModelInput batch, DropoutStream stream, List<float[]> hiddenStates) {
        batch.validate(config);
        float[] last = encoder.forward(embeddings.forward(batch, stream), batch, stream, hiddenStates);
        if (head == null) {
            lastLogits = null;
            return null;
        }
        float[] logits = head.forward(last, batch, stream);
        lastLogits = new Tensor(logits, head.logitsShape(batch));
        return logits;
    }

    /** An eval-mode pass: the hidden states (embedding output, then each layer's) and the logits (null: no head). */
    record EvalPass(List<float[]> hiddenStates, float[] logits) {
    }

    EvalPass evalPass(ModelInput batch) {
        List<float[]> states = new ArrayList<>();
        float[] logits = forward(batch, DropoutStream.EVAL, states);
        return new EvalPass(states, logits);
    }

    /** Passes run so far: the position of the dropout stream, saved in training checkpoints. */
    public long passes() {
        return passes;
    }

    void restorePasses(long passes) {
        this.passes = passes;
    }

    /** The current weights by transformers name (shared arrays, not copies). */
    public Map<String, Tensor> weights() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Parameter p : parameters.list()) out.put(p.name(), new Tensor(p.data(), p.shape()));
        return out;
    }

    /** The current weights as a tensor source under transformers' names (copies), e.g. to build an inference model. */
    public InMemoryTensorSource toTensorSource() {
        InMemoryTensorSource out = new InMemoryTensorSource(Path.of("<trained " + headType.cliName() + ">"));
        for (Parameter p : parameters.list()) out.putFloats(p.name(), p.data().clone(), p.longShape());
        return out;
    }

    /**
     * An inference model with a snapshot of the current weights (packed once: faster for evaluation). Close it when
     * done: its embedding tables are off-heap.
     */
    public DebertaModel toInferenceModel() {
        return DebertaModel.load(config, toTensorSource(), LoadOptions.head(headType));
    }

    /**
     * Writes the weights as a model.safetensors that transformers' from_pretrained loads: parameter names as in
     * its state_dict (tied decoder weights omitted, as save_pretrained omits them), float32, format "pt".
     */
    public void writeSafetensors(Path file) {
        SafetensorsWriter writer = new SafetensorsWriter();
        for (Parameter p : parameters.list()) writer.addF32(p.name(), p.data(), p.longShape());
        writer.write(file);
    }
}
