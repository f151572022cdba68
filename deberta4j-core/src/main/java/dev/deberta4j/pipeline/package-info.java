/**
 * Text in, readable results out: {@link dev.deberta4j.pipeline.TextClassifier}, {@link dev.deberta4j.pipeline.Embedder},
 * {@link dev.deberta4j.pipeline.MaskFiller}, {@link dev.deberta4j.pipeline.TokenClassifier} and
 * {@link dev.deberta4j.pipeline.QuestionAnswerer}, with the rules transformers' pipelines of the same names apply.
 *
 * <p>Each task is built from a {@link dev.deberta4j.pipeline.PipelineModel} (model + tokenizer of one directory or
 * Hub repo) and {@link dev.deberta4j.pipeline.PipelineOptions}; inputs are encoded without padding, run in
 * micro-batches (length-sorted by default, results in input order) and returned as plain records. Inputs longer
 * than the model accepts (the tokenizer's model_max_length, and max_position_embeddings only for models that add
 * absolute position embeddings: DeBERTa-V3 runs any length) are rejected with
 * {@link dev.deberta4j.pipeline.InputTooLongException} unless truncation is asked for; question answering splits long contexts into overlapping windows instead. Character offsets are
 * Unicode code points, as Python indexes strings. All task objects are immutable and thread-safe.
 *
 * <p><b>API</b> (README, "Java API").
 */
package dev.deberta4j.pipeline;
