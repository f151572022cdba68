/**
 * Pre-training: DeBERTa-V3's replaced-token detection with Gradient-Disentangled Embedding Sharing
 * ({@link dev.deberta4j.pretrain.RtdModel}), built from the training layers of {@code dev.deberta4j.train}.
 * See docs/pretraining.md.
 */
package dev.deberta4j.pretrain;
