package dev.deberta4j.pipeline;

import dev.deberta4j.io.SafetensorsWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes an embedding matrix [texts, dimension] as little-endian float32 .npy or safetensors. */
public final class EmbeddingFiles {
    /** The tensor name in a safetensors file. */
    public static final String TENSOR_NAME = "embeddings";

    private EmbeddingFiles() {
    }

    /** Picks the format from the file name: {@code .npy} or {@code .safetensors}. */
    public static void write(Path file, float[][] rows) {
        String name = file.getFileName().toString();
        if (name.endsWith(".npy")) writeNpy(file, rows);
        else if (name.endsWith(".safetensors")) writeSafetensors(file, rows);
        else throw new IllegalArgumentException(file + ": expected a .npy or .safetensors file name");
    }

    public static void writeSafetensors(Path file, float[][] rows) {
        int dim = dimension(rows);
        float[] flat = new float[Math.multiplyExact(rows.length, dim)];
        for (int r = 0; r < rows.length; r++) System.arraycopy(rows[r], 0, flat, r * dim, dim);
        new SafetensorsWriter().addF32(TENSOR_NAME, flat, rows.length, dim).write(file);
    }

    /** NumPy format 1.0: magic, header dict padded with spaces to a 64-byte boundary, then the data. */
    public static void writeNpy(Path file, float[][] rows) {
        int dim = dimension(rows);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows.length + ", " + dim + "), }";
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        try (OutputStream out = Files.newOutputStream(file)) {
            ByteBuffer prefix = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
            prefix.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0)
                    .putShort((short) header.length());
            out.write(prefix.array());
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer row = ByteBuffer.allocate(dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] r : rows) {
                row.clear();
                row.asFloatBuffer().put(r);
                out.write(row.array());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + dev.deberta4j.io.IoErrors.reason(e), e);
        }
    }

    private static int dimension(float[][] rows) {
        if (rows.length == 0) throw new IllegalArgumentException("no embeddings to write");
        int dim = rows[0].length;
        for (int r = 1; r < rows.length; r++) {
            if (rows[r].length != dim) {
                throw new IllegalArgumentException("embedding " + r + " has " + rows[r].length + " values, embedding 0 has " + dim);
            }
        }
        return dim;
    }
}
