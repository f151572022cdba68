package dev.deberta4j.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tensors used in place ({@link TensorSource#mapF32}) and staged into a caller's buffer
 * ({@link TensorSource#readFloats(String, float[])}) hold exactly what {@link TensorSource#readFloats(String)} reads.
 */
class InPlaceTensorsTest {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    @TempDir Path dir;

    @Test
    void float32TensorsMapInPlaceAndOutliveTheSource() {
        float[] big = random(300_001, 1);   // larger than one read chunk, odd length
        Path file = dir.resolve("w.safetensors");
        new SafetensorsWriter().addF32("small", new float[]{1, 2, 3}, 3).addF32("big", big, 300_001).addF16("half", new float[]{0.5f, -2f}, 2).write(file);
        MemorySegment mapped;
        try (Arena arena = Arena.ofShared()) {
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                mapped = f.mapF32("big", arena);
                assertThat(mapped).isNotNull();
                assertThat(mapped.isMapped()).isTrue();
                assertThat(f.mapF32("half", arena)).as("float16 is converted, not mapped").isNull();
                float[] staged = new float[300_010];
                f.readFloats("big", staged);
                for (int i = 0; i < big.length; i++) assertThat(staged[i]).isEqualTo(big[i]);
                float[] halves = new float[2];
                f.readFloats("half", halves);
                assertThat(halves).containsExactly(0.5f, -2f);
            }
            // The source is closed; the mapping belongs to the arena.
            assertThat(mapped.byteSize()).isEqualTo(300_001L * 4);
            for (int i = 0; i < big.length; i += 997) assertThat(mapped.getAtIndex(F32, i)).isEqualTo(big[i]);
        }
        assertThatThrownBy(() -> mapped.getAtIndex(F32, 0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void stagingNeedsRoomForTheWholeTensor() {
        Path file = dir.resolve("w.safetensors");
        new SafetensorsWriter().addF32("w", new float[]{1, 2, 3, 4}, 2, 2).write(file);
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertThatThrownBy(() -> f.readFloats("w", new float[3])).hasMessageContaining("4 elements");
        }
    }

    private static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }
}
