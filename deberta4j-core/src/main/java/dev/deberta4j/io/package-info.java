/**
 * Checkpoint I/O: named tensors of Hugging Face weight files behind one interface, {@link dev.deberta4j.io.TensorSource}.
 *
 * <ul>
 *   <li>{@link dev.deberta4j.io.Checkpoints#open} picks a model directory's weights as transformers does
 *       (model.safetensors, its sharded index, pytorch_model.bin, its sharded index).</li>
 *   <li>{@link dev.deberta4j.io.SafetensorsFile}: memory-mapped, header fully validated before use;
 *       {@link dev.deberta4j.io.ShardedSafetensors}: an index over shard files;
 *       {@link dev.deberta4j.io.SafetensorsWriter}: atomic writes in HF's byte layout.</li>
 *   <li>{@link dev.deberta4j.io.TorchCheckpoint}: torch.save files (zip and legacy) through a restricted pickle
 *       reader that only understands tensor storage records and never executes anything.</li>
 * </ul>
 *
 * Every malformed input fails with a {@link dev.deberta4j.io.CheckpointException} whose message starts with the
 * file and names the tensor or field at fault.
 *
 * <p><b>Internal</b>: public only for deberta4j's own packages and modules, not API; it may change in any release
 * (README, "Java API").
 */
package dev.deberta4j.io;
