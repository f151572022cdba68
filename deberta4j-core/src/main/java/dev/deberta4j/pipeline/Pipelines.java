package dev.deberta4j.pipeline;

import dev.deberta4j.hub.ModelLocator;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Set;

/**
 * The pipelines of one model directory over one loaded copy of it: the network (with the head its config.json
 * names) and the tokenizer are loaded once and shared by every pipeline made here, e.g. a classifier and an
 * embedder of the same fine-tuned model. Each pipeline still checks that the head fits its task. Thread-safe.
 *
 * <pre>{@code
 * var pipelines = Pipelines.load(Path.of("my-sentiment-model"));
 * LabelScore best = pipelines.classifier().classify("이 영화 정말 재밌어요", 1).get(0);
 * float[] vector = pipelines.embedder(Pooling.MEAN, true).embed("이 영화 정말 재밌어요");
 * }</pre>
 */
public final class Pipelines {
    private final PipelineModel model;
    private final PipelineOptions options;

    public Pipelines(PipelineModel model, PipelineOptions options) {
        this.model = model;
        this.options = options;
    }

    /** Loads {@code dir} once, with the head of its config's first architecture. */
    public static Pipelines load(Path dir) {
        return new Pipelines(new PipelineModel(DebertaModel.load(dir), Tokenizer.load(dir), SubwordPrefix.read(dir)),
                PipelineOptions.defaults());
    }

    /** A directory, or a Hub repo id resolved through the huggingface_hub cache (downloaded when missing). */
    public static Pipelines locate(String dirOrRepoId) {
        try {
            return load(ModelLocator.resolve(dirOrRepoId));
        } catch (IOException e) {
            throw new UncheckedIOException(dirOrRepoId + ": " + e.getMessage(), e);
        }
    }

    /** The same loaded model with other batching / truncation options. */
    public Pipelines withOptions(PipelineOptions other) {
        return new Pipelines(model, other);
    }

    /** The shared model and tokenizer. */
    public PipelineModel model() {
        return model;
    }

    /** Text classification (needs a sequence-classification model). */
    public TextClassifier classifier() {
        return new TextClassifier(model, options);
    }

    /** Sentence embeddings from the last hidden state; any head. */
    public Embedder embedder(Pooling pooling, boolean normalize) {
        return new Embedder(model, options, pooling, normalize);
    }

    /** Masked-token prediction (needs a masked-LM model). */
    public MaskFiller fillMask() {
        return new MaskFiller(model, options);
    }

    /** Named entities (needs a token-classification model); label "O" is left out, as transformers does. */
    public TokenClassifier tokenClassifier(AggregationStrategy strategy) {
        return new TokenClassifier(model, options, strategy, Set.of("O"));
    }

    /** Extractive question answering (needs a question-answering model). */
    public QuestionAnswerer questionAnswerer() {
        return new QuestionAnswerer(model, options, QaOptions.defaults());
    }
}
