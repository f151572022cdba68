package dev.deberta4j.pipeline;

import dev.deberta4j.hub.ModelLocator;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.LoadOptions;
import dev.deberta4j.tokenizer.EncodeOptions;
import dev.deberta4j.tokenizer.Encoding;
import dev.deberta4j.tokenizer.Tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A model directory's network (with the head a task needs) and its tokenizer, loaded together.
 *
 * @param subwordPrefix the tokenizer model's {@code continuing_subword_prefix} (e.g. {@code ##} for WordPiece), or
 *                      null when it has none (SentencePiece/Unigram): token classification then tells word starts
 *                      by the spaces around a token, as transformers does
 * @param lengthCap     a limit of the caller's on top of the model's own ({@link #withMaxLength}), else
 *                      {@link Integer#MAX_VALUE}
 */
public record PipelineModel(DebertaModel model, Tokenizer tokenizer, String subwordPrefix, int lengthCap) {

    public PipelineModel(DebertaModel model, Tokenizer tokenizer, String subwordPrefix) {
        this(model, tokenizer, subwordPrefix, Integer.MAX_VALUE);
    }

    public PipelineModel(DebertaModel model, Tokenizer tokenizer) {
        this(model, tokenizer, null);
    }

    /** The same model and tokenizer accepting (and truncating at) no more than {@code maxLength} tokens. */
    public PipelineModel withMaxLength(int maxLength) {
        if (maxLength < 1) throw new IllegalArgumentException("maxLength must be at least 1, was " + maxLength);
        return new PipelineModel(model, tokenizer, subwordPrefix, maxLength);
    }

    /** Loads {@code dir} (config.json, weights, tokenizer files) building the given head. */
    public static PipelineModel load(Path dir, HeadType head) {
        return new PipelineModel(DebertaModel.load(dir, LoadOptions.head(head)), Tokenizer.load(dir),
                SubwordPrefix.read(dir));
    }

    /** A directory, or a Hub repo id resolved through the huggingface_hub cache (downloaded when missing). */
    public static PipelineModel locate(String dirOrRepoId, HeadType head) {
        try {
            return load(ModelLocator.resolve(dirOrRepoId), head);
        } catch (IOException e) {
            throw new UncheckedIOException(dirOrRepoId + ": " + e.getMessage(), e);
        }
    }

    /**
     * The longest sequence (special tokens included) the pair accepts: the tokenizer's model_max_length, and for a
     * model that adds absolute position embeddings also its max_position_embeddings. A model without absolute
     * positions (DeBERTa-V3) has no limit of its own, as in transformers, so with a tokenizer that sets no
     * model_max_length any length runs ({@link Integer#MAX_VALUE}), unless {@link #withMaxLength} set a cap.
     * Truncation cuts at this length.
     */
    public int maxLength() {
        return Math.min(lengthCap, Math.min(tokenizer.modelMaxLength(), model.config().maxSequenceLength()));
    }

    /** Padding id of the tokenizer, else the config's {@code pad_token_id}. */
    public int padId() {
        int id = tokenizer.padId();
        return id >= 0 ? id : model.config().padTokenId;
    }

    /**
     * Encodes texts (pairs when {@code pairs} is non-null) with special tokens and no padding, as transformers'
     * pipelines do: no truncation unless asked for, and then {@code longest_first} at {@link #maxLength()}.
     *
     * @throws InputTooLongException for an over-long input when {@code truncate} is false
     */
    public List<Encoding> encode(List<String> texts, List<String> pairs, boolean truncate) {
        boolean cut = truncate && maxLength() != Integer.MAX_VALUE;
        EncodeOptions options = new EncodeOptions(true, cut ? EncodeOptions.Truncation.longestFirst(maxLength()) : null,
                null);
        List<Encoding> encodings = tokenizer.encodeBatch(texts, pairs, options);
        for (int i = 0; i < encodings.size(); i++) {
            if (encodings.get(i).length() > maxLength()) {
                throw new InputTooLongException(i, encodings.get(i).length(), maxLength());
            }
        }
        return encodings;
    }

    void requireHead(HeadType head, String task) {
        if (model.headType() != head) {
            throw new IllegalArgumentException(task + " needs a " + head.architecture(model.config().family)
                    + " model, found " + model.headType().architecture(model.config().family));
        }
    }
}
