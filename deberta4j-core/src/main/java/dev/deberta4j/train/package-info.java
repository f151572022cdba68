/**
 * Training DeBERTa-V2/V3 in pure Java with PyTorch's numbers: backpropagation, losses, AdamW, schedules, clipping,
 * a training loop and crash-safe checkpoints.
 *
 * <p><b>Design.</b> Each inference layer of {@code dev.deberta4j.model} has a training twin named after it,
 * {@code Trainable} + its name ({@link dev.deberta4j.train.TrainableLinear}, {@link
 * dev.deberta4j.train.TrainableLayerNorm}, {@link dev.deberta4j.train.TrainableEmbeddings}, {@link
 * dev.deberta4j.train.TrainableDisentangledSelfAttention}, {@link dev.deberta4j.train.TrainableEncoderLayer}, {@link
 * dev.deberta4j.train.TrainableConvLayer}, {@link dev.deberta4j.train.TrainableEncoder} and the heads), with an
 * explicit {@code forward} that keeps the activations its {@code backward} needs, and a {@code backward} that takes
 * the output gradient, accumulates its parameters' gradients and returns the input gradient (as in llm.c). A generic
 * tape was not needed: the graph is fixed, and explicit pairs keep the memory of each activation visible, let the
 * backward of the relative-position terms fold gradients by relative row instead of scattering through a gathered
 * [B, H, L, 2k] tensor, and reuse the GEMM kernels directly (dW = dYᵀX and dX = dY·W through {@link
 * dev.deberta4j.kernels.Gemm}'s transposes). Nothing is precomputed from weights: the projected relative embeddings
 * and the conv taps are rebuilt every pass. The math both paths compute (attention score rows, conv taps, embedding
 * sum, LayerNorm rows, relative indices, input checks, head shapes) is one implementation in {@code model}, called
 * by both, so the training forward gives the inference forward's bits.
 *
 * <p>{@link dev.deberta4j.train.TrainableModel} ties them together under transformers' parameter names; {@link
 * dev.deberta4j.train.AdamW}, {@link dev.deberta4j.train.LrSchedule} and {@link
 * dev.deberta4j.train.GradientClipping} are the optimisation; {@link dev.deberta4j.train.Trainer} and {@link
 * dev.deberta4j.train.TrainingCheckpoint} the loop and its atomic, resumable checkpoints.
 *
 * <p><b>Parity.</b> Against transformers 4.40 / torch 1.13 goldens (dropout 0): losses and every gradient within
 * 1e-5 (measured ≤ 2.8e-6), parameters after two AdamW steps within 5e-5 (measured ≤ 9.1e-6).
 */
package dev.deberta4j.train;
