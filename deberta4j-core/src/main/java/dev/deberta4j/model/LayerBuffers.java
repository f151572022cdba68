package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;

import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * The activations an encoder layer writes and reads back within itself, [batch·L, width] each, allocated once per
 * forward pass and reused by every layer: a layer allocating its own (tens of MB at 32 x 128) spent its time
 * zeroing fresh arrays and made G1 collect humongous regions several times per pass. The attention workers' tile
 * scratch is kept here too, one set per worker that asked for one.
 */
final class LayerBuffers {
    final float[] projections;   // the stacked q, k, v [batch·L, 3·stride] ({@link DisentangledSelfAttention})
    final float[] context;
    final float[] attended;
    final float[] intermediate;

    LayerBuffers(DebertaConfig c, int rows) {
        projections = new float[rows * DisentangledSelfAttention.projectionWidth(c)];
        context = new float[rows * c.allHeadSize()];
        attended = new float[rows * c.hiddenSize];
        intermediate = new float[rows * c.intermediateSize];
    }

    /** One attention worker's scratch: a tile's scores and its c2p / p2c terms (null when the model has none). */
    record AttentionScratch(float[] scores, float[] c2p, float[] p2c) {}

    private final ArrayDeque<AttentionScratch> idleScratch = new ArrayDeque<>();   // guarded by this

    /** A scratch set no worker holds, made by {@code make} when there is none (all sets of a pass have one size). */
    synchronized AttentionScratch takeScratch(Supplier<AttentionScratch> make) {
        AttentionScratch s = idleScratch.poll();
        return s != null ? s : make.get();
    }

    synchronized void returnScratch(AttentionScratch s) {
        idleScratch.push(s);
    }
}
