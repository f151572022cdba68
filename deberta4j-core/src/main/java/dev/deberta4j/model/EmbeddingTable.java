package dev.deberta4j.model;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * An nn.Embedding weight [rows, width] read in place: little-endian float32 rows in a {@link MemorySegment}, usually
 * the checkpoint file's own bytes mapped by {@link WeightReader#backboneTable}, so a 64k-token vocabulary costs no
 * heap and only the rows a model looks up become resident. Lookups copy rows out; the table is never written.
 */
final class EmbeddingTable implements EmbeddingRows {
    /** safetensors stores little-endian; its data section need not be 4-byte aligned. */
    static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    final int rows;
    final int width;
    private final MemorySegment data;

    EmbeddingTable(MemorySegment data, int rows, int width) {
        if (data.byteSize() != (long) rows * width * Float.BYTES) {
            throw new IllegalArgumentException("embedding table of " + data.byteSize() + " bytes is not "
                    + rows + " x " + width + " float32");
        }
        this.rows = rows;
        this.width = width;
        this.data = data;
    }

    static EmbeddingTable read(WeightReader r, String name, int rows, int width) {
        return new EmbeddingTable(r.backboneTable(name, rows, width), rows, width);
    }

    @Override
    public void copyRow(int row, float[] dst, int off) {
        MemorySegment.copy(data, F32, (long) row * width * Float.BYTES, dst, off, width);
    }

    /** The whole table on the heap, for a consumer that repacks it (the tied masked-LM decoder). */
    float[] toFloats() {
        float[] out = new float[rows * width];
        MemorySegment.copy(data, F32, 0, out, 0, out.length);
        return out;
    }
}
