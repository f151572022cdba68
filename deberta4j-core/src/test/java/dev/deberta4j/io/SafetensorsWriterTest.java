package dev.deberta4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafetensorsWriterTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsEveryDtype() {
        float[] f = {1.5f, -2.25f, 3.0e-5f, 65504f, -0f, Float.MIN_NORMAL};
        long[] l = {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE, 42};
        byte[] f64 = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(0.1).putDouble(-1e300).array();
        byte[] i32 = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(-7).putInt(Integer.MAX_VALUE).array();
        byte[] i16 = ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putShort((short) -300).putShort((short) 300).array();
        Path file = dir.resolve("all.safetensors");
        new SafetensorsWriter()
                .metadata("source", "test")
                .addF32("f32", f, 2, 3)
                .addF16("f16", f, 6)
                .addBF16("bf16", f, 3, 2)
                .addI64("i64", l, 6)
                .addRaw("f64", DType.F64, f64, 2)
                .addRaw("i32", DType.I32, i32, 2)
                .addRaw("i16", DType.I16, i16, 2)
                .addRaw("i8", DType.I8, new byte[] {-128, 127, 5}, 3)
                .addRaw("u8", DType.U8, new byte[] {(byte) 255, 0}, 2)
                .addRaw("bool", DType.BOOL, new byte[] {1, 0, 1}, 3)
                .addF32("scalar", new float[] {7f})
                .addF32("empty", new float[0], 0, 4)
                .write(file);
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertThat(st.metadata()).containsEntry("format", "pt").containsEntry("source", "test").hasSize(2);
            assertThat(st.names()).containsExactly("bf16", "bool", "empty", "f16", "f32", "f64", "i16", "i32", "i64", "i8", "scalar", "u8");
            assertThat(st.info("f32")).isEqualTo(new TensorInfo("f32", DType.F32, new long[] {2, 3}));
            assertThat(st.readFloats("f32")).containsExactly(f);
            assertThat(st.readFloats("f16")).containsExactly(1.5f, -2.25f, HalfPrecision.f16ToFloat(HalfPrecision.floatToF16(3.0e-5f)), 65504f, -0f, 0f);
            assertThat(st.readFloats("bf16")).containsExactly(1.5f, -2.25f, HalfPrecision.bf16ToFloat(HalfPrecision.floatToBf16(3.0e-5f)), 65536f, -0f, Float.MIN_NORMAL);
            assertThat(st.readLongs("i64")).containsExactly(l);
            assertThat(st.readFloats("f64")).containsExactly(0.1f, Float.NEGATIVE_INFINITY);
            assertThat(st.readLongs("i32")).containsExactly(-7, Integer.MAX_VALUE);
            assertThat(st.readLongs("i16")).containsExactly(-300, 300);
            assertThat(st.readLongs("i8")).containsExactly(-128, 127, 5);
            assertThat(st.readLongs("u8")).containsExactly(255, 0);
            assertThat(st.readLongs("bool")).containsExactly(1, 0, 1);
            assertThat(st.info("scalar").shape()).isEmpty();
            assertThat(st.readFloats("scalar")).containsExactly(7f);
            assertThat(st.readFloats("empty")).isEmpty();
            assertThat(st.info("empty").shape()).containsExactly(0, 4);
            for (String name : st.names()) {
                assertThat(st.fileOffset(name) % st.info(name).dtype().byteSize()).as(name).isZero();
            }
        }
    }

    @Test
    void dataStartsOnAnEightByteBoundaryAndTensorsArePackedInHuggingFaceOrder() throws IOException {
        Path file = dir.resolve("layout.safetensors");
        new SafetensorsWriter()
                .addRaw("a_byte", DType.U8, new byte[] {1, 2, 3}, 3)
                .addF16("b_half", new float[] {1, 2, 3}, 3)
                .addI64("c_long", new long[] {9}, 1)
                .addF32("d_float", new float[] {4}, 1)
                .addBF16("e_brain", new float[] {5}, 1)
                .addRaw("f_double", DType.F64, new byte[8], 1)
                .write(file);
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(file), 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat((8 + headerLength) % 8).isZero();
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            long start = 8 + headerLength;
            // the reference writer's order: I64, F64, F32, I32, BF16, F16, I16, I8, U8, BOOL, then by name
            assertThat(st.fileOffset("c_long")).isEqualTo(start);
            assertThat(st.fileOffset("f_double")).isEqualTo(start + 8);
            assertThat(st.fileOffset("d_float")).isEqualTo(start + 16);
            assertThat(st.fileOffset("e_brain")).isEqualTo(start + 20);
            assertThat(st.fileOffset("b_half")).isEqualTo(start + 22);
            assertThat(st.fileOffset("a_byte")).isEqualTo(start + 28);
            assertThat(Files.size(file)).isEqualTo(start + 31);
        }
    }

    /** Rewriting Hugging Face's own files reproduces them byte for byte (same order, offsets and padding). */
    @ParameterizedTest
    @ValueSource(strings = {"v2-conv-c2p/model.safetensors", "v3-base-like/model.safetensors",
            "v2-tokentype-abs-pos/formats/fp16/model.safetensors", "v2-tokentype-abs-pos/formats/bf16/model.safetensors"})
    void rewritingHuggingFaceFilesIsByteIdentical(String fixture) throws IOException {
        Path original = Fixtures.path(fixture);
        Path copy = dir.resolve("copy.safetensors");
        try (SafetensorsFile st = SafetensorsFile.open(original)) {
            SafetensorsWriter w = new SafetensorsWriter();
            st.metadata().forEach(w::metadata);
            for (String name : st.names()) {
                ByteBuffer raw = st.readRaw(name);
                byte[] bytes = new byte[raw.remaining()];
                raw.get(bytes);
                w.addRaw(name, st.info(name).dtype(), bytes, st.info(name).shape());
            }
            w.write(copy);
        }
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(original));
    }

    @Test
    void overwriteIsAtomicAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        new SafetensorsWriter().addF32("w", new float[] {1}, 1).write(file);
        byte[] before = Files.readAllBytes(file);

        SafetensorsWriter failing = new SafetensorsWriter()
                .addF32("a", new float[] {2, 3}, 2)
                .addF32("b", new float[] {4}, 1)
                .observer(name -> {
                    throw new IOException("disk full after " + name);
                });
        assertThatThrownBy(() -> failing.write(file))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(file + ": cannot write: disk full after a");
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(listing()).containsExactly("model.safetensors");

        new SafetensorsWriter().addF32("w", new float[] {5}, 1).write(file);
        assertThat(listing()).containsExactly("model.safetensors");
        try (SafetensorsFile st = SafetensorsFile.open(file)) {
            assertThat(st.readFloats("w")).containsExactly(5f);
        }
    }

    @Test
    void misuseIsRejectedWithSpecificMessages() {
        SafetensorsWriter w = new SafetensorsWriter().addF32("w", new float[] {1, 2}, 2);
        assertThatThrownBy(() -> w.addF32("x", new float[] {1, 2, 3}, 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor x: shape [2, 2] has 4 elements, data has 3");
        assertThatThrownBy(() -> w.addF32("w", new float[] {1}, 1))
                .hasMessage("tensor w was already added");
        assertThatThrownBy(() -> w.addRaw("r", DType.I32, new byte[6], 2))
                .hasMessage("tensor r: I32 [2] needs 8 bytes, got 6");
        assertThatThrownBy(() -> w.addF32("__metadata__", new float[] {1}, 1))
                .hasMessage("tensor name __metadata__ is reserved for metadata");
        assertThatThrownBy(() -> w.addF32("n", new float[0], -1, 0))
                .hasMessage("tensor n: negative dimension in shape [-1, 0]");
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }
}
