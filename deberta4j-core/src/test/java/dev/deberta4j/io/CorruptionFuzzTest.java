package dev.deberta4j.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded random corruption of real checkpoint files (byte flips in the structured parts, truncations): opening
 * and reading must either succeed or fail with a {@link CheckpointException}, never with another exception
 * (index out of bounds, negative array size, out of memory...).
 */
class CorruptionFuzzTest {
    /** Raise with -Ddeberta4j.fuzzCases=N for a longer hunt. */
    private static final int CASES = Integer.getInteger("deberta4j.fuzzCases", 150);

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"v2-tokentype-abs-pos/model.safetensors",
            "v2-tokentype-abs-pos/formats/torch-zip/pytorch_model.bin",
            "v2-tokentype-abs-pos/formats/torch-legacy/pytorch_model.bin"})
    void corruptFilesFailOnlyWithCheckpointException(String fixture) throws IOException {
        byte[] original = Files.readAllBytes(Fixtures.path(fixture));
        Path file = dir.resolve(Path.of(fixture).getFileName());
        SplittableRandom random = new SplittableRandom(fixture.hashCode() + Long.getLong("deberta4j.fuzzSeed", 0));
        int structured = structuredPrefix(fixture, original);
        int refused = 0;
        for (int c = 0; c < CASES; c++) {
            byte[] bytes = mutate(original, structured, random);
            Files.write(file, bytes);
            try (TensorSource source = Checkpoints.open(file)) {
                for (String name : source.names()) {
                    source.readRaw(name);
                    if (source.info(name).dtype().isFloatingPoint()) {
                        source.readFloats(name);
                    }
                }
            } catch (CheckpointException expected) {
                refused++;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("case " + c + " of " + fixture + " failed with " + e, e);
            }
        }
        assertThat(refused).as("most corruptions are detected").isGreaterThan(CASES / 4);
    }

    /** The bytes worth corrupting: headers and pickles (flipping tensor data alone changes only values). */
    private static int structuredPrefix(String fixture, byte[] original) {
        if (fixture.endsWith(".safetensors")) {
            return 8 + (int) java.nio.ByteBuffer.wrap(original, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        }
        return fixture.contains("legacy") ? 7500 : original.length;
    }

    private static byte[] mutate(byte[] original, int structured, SplittableRandom random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                return Arrays.copyOf(bytes, random.nextInt(bytes.length));
            }
            case 1 -> {
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    bytes[random.nextInt(structured)] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 2 -> bytes[random.nextInt(structured)] = (byte) random.nextInt(256);
            default -> {
                // overwrite a run with 0xFF: saturated lengths, counts and offsets
                int at = random.nextInt(structured);
                Arrays.fill(bytes, at, Math.min(bytes.length, at + 1 + random.nextInt(8)), (byte) 0xFF);
            }
        }
        return bytes;
    }
}
