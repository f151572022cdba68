package dev.deberta4j.quant;

import dev.deberta4j.config.ConfigException;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.CheckpointException;
import dev.deberta4j.io.DType;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.io.SafetensorsWriter;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.ModelShapes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Damaged or inconsistent quantized checkpoints fail with an exception naming the tensor and what was expected. */
class QuantizedCheckpointErrorsTest {
    private static final String W = "encoder.layer.0.attention.self.query_proj.weight";

    private static SafetensorsFile write(Path dir, SafetensorsWriter w) {
        Path file = dir.resolve("model.safetensors");
        w.write(file);
        return SafetensorsFile.open(file);
    }

    @Test
    void int8WithoutScalesNamesTheMissingTensor(@TempDir Path dir) {
        try (SafetensorsFile f = write(dir, new SafetensorsWriter().addRaw(W + ".int8", DType.I8, new byte[4 * 8], 4, 8))) {
            assertThatThrownBy(() -> StoredLinear.read(f, W, 4, 8, null))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("quantized weight " + W + ".int8 has no scales: expected tensor " + W + ".scale");
        }
    }

    @Test
    void int4WithoutScalesNamesTheMissingTensor(@TempDir Path dir) {
        try (SafetensorsFile f = write(dir, new SafetensorsWriter().addRaw(W + ".int4", DType.U8, new byte[4 * 16], 4, 16))) {
            assertThatThrownBy(() -> StoredLinear.read(f, W, 4, 32, null))
                    .isInstanceOf(CheckpointException.class).hasMessageContaining(W + ".scale");
        }
    }

    @Test
    void int8ScalesOfTheWrongShapeAreReported(@TempDir Path dir) {
        try (SafetensorsFile f = write(dir, new SafetensorsWriter().addRaw(W + ".int8", DType.I8, new byte[4 * 8], 4, 8)
                .addF32(W + ".scale", new float[8], 8))) {
            assertThatThrownBy(() -> StoredLinear.read(f, W, 4, 8, null))
                    .hasMessageContaining(W + ".scale: per-row int8 scales must be F32 [4], found F32 [8]");
        }
    }

    @Test
    void int8ValuesOfTheWrongShapeAreReported(@TempDir Path dir) {
        try (SafetensorsFile f = write(dir, new SafetensorsWriter().addRaw(W + ".int8", DType.I8, new byte[4 * 8], 8, 4)
                .addF32(W + ".scale", new float[4], 4))) {
            assertThatThrownBy(() -> StoredLinear.read(f, W, 4, 8, null))
                    .hasMessageContaining(W + ".int8: int8 values must be I8 [4, 8], found I8 [8, 4]");
        }
    }

    @Test
    void int4ScalesThatDoNotSplitTheRowIntoEqualGroupsAreAMismatchedGroupSize(@TempDir Path dir) {
        try (SafetensorsFile f = write(dir, new SafetensorsWriter().addRaw(W + ".int4", DType.U8, new byte[4 * 32], 4, 32)
                .addF32(W + ".scale", new float[4 * 3], 4, 3))) {
            assertThatThrownBy(() -> StoredLinear.read(f, W, 4, 64, null))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("groups dividing the 64 input features, found F32 [4, 3] (mismatched group size)");
        }
    }

    @Test
    void int4GroupSizeDifferentFromTheConfigIsReported(@TempDir Path dir) {
        try (SafetensorsFile f = write(dir, new SafetensorsWriter().addRaw(W + ".int4", DType.U8, new byte[4 * 32], 4, 32)
                .addF32(W + ".scale", new float[4 * 2], 4, 2))) {
            assertThatThrownBy(() -> StoredLinear.read(f, W, 4, 64, new QuantizationConfig(WeightFormat.INT4, 16)))
                    .isInstanceOf(CheckpointException.class)
                    .hasMessageContaining("mismatched group size: config.json deberta4j_quantization.group_size is 16 but"
                            + " the scales [4, 2] give groups of 32");
            assertThat(StoredLinear.read(f, W, 4, 64, new QuantizationConfig(WeightFormat.INT4, 32)).weights())
                    .isInstanceOf(QuantizedInt4Matrix.class);
        }
    }

    @Test
    void int4GroupsThatAreNotMultiplesOf16AreRejected(@TempDir Path dir) {
        try (SafetensorsFile f = write(dir, new SafetensorsWriter().addRaw(W + ".int4", DType.U8, new byte[4 * 24], 4, 24)
                .addF32(W + ".scale", new float[4 * 2], 4, 2))) {
            assertThatThrownBy(() -> StoredLinear.read(f, W, 4, 48, null))
                    .hasMessageContaining(W + ".scale: int4 group size must be a positive multiple of 16");
        }
    }

    @Test
    void float32AndUndeclaredHalfPrecisionWeightsAreLeftToThePlainPath(@TempDir Path dir) {
        try (SafetensorsFile f = write(dir, new SafetensorsWriter().addF32(W, new float[32], 4, 8)
                .addF16("b", new float[32], 4, 8))) {
            assertThat(StoredLinear.read(f, W, 4, 8, null)).isNull();
            assertThat(StoredLinear.read(f, "absent", 4, 8, null)).isNull();
            assertThat(StoredLinear.read(f, "b", 4, 8, null)).as("undeclared float16: widened").isNull();
            var declared = new QuantizationConfig(WeightFormat.FLOAT16, 0);
            assertThat(StoredLinear.read(f, "b", 4, 8, declared).weights())
                    .isInstanceOfSatisfying(HalfPrecisionMatrix.class,
                            m -> assertThat(m.format()).isEqualTo(HalfPrecisionMatrix.Format.FLOAT16));
            assertThat(StoredLinear.read(f, "b", 8, 4, declared)).as("wrong shape: the plain path reports it").isNull();
        }
    }

    @Test
    void configWithAnUnknownDtypeOrNoGroupSizeIsRejected(@TempDir Path dir) throws Exception {
        var json = ModelShapes.v3(32, 1, 2, 64).toJson();
        json.putObject("deberta4j_quantization").put("weight_dtype", "int5");
        Files.writeString(dir.resolve("config.json"), json.toString());
        assertThatThrownBy(() -> QuantizationConfig.of(DebertaConfig.load(dir)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("deberta4j_quantization.weight_dtype: unknown weight dtype 'int5'");
        json.putObject("deberta4j_quantization").put("weight_dtype", "int4");
        Files.writeString(dir.resolve("config.json"), json.toString());
        assertThatThrownBy(() -> QuantizationConfig.of(DebertaConfig.load(dir)))
                .hasMessageContaining("deberta4j_quantization.group_size: expected a positive integer for int4, found null");
    }

    @Test
    void quantizerRefusesFloat32BadGroupsNonFiniteWeightsAndQuantizedInput(@TempDir Path dir) {
        Path model = dir.resolve("model");
        var config = ModelShapes.v3(32, 1, 2, 64);
        writeModel(model, config, Float.NaN);
        assertThatThrownBy(() -> Quantizer.quantize(model, WeightFormat.FLOAT32, 32, dir.resolve("a")))
                .hasMessageContaining("must be float16, bfloat16, int8 or int4, found float32");
        assertThatThrownBy(() -> Quantizer.quantize(model, WeightFormat.INT4, 24, dir.resolve("a")))
                .hasMessageContaining("multiple of 16, found 24");
        assertThatThrownBy(() -> Quantizer.quantize(model, WeightFormat.INT4, 64, dir.resolve("a")))
                .hasMessageContaining("int4 group size 64 does not divide the 32 input features of");
        assertThatThrownBy(() -> Quantizer.quantize(model, WeightFormat.INT8, 32, dir.resolve("a")))
                .isInstanceOf(CheckpointException.class)
                .hasMessageContaining("encoder.layer.0.attention.output.dense.weight[5] is NaN: only finite weights");
        assertThatThrownBy(() -> Quantizer.quantize(model, WeightFormat.INT8, 32, model))
                .hasMessageContaining("the output directory must differ");

        writeModel(model, config, 1e5f);
        assertThatThrownBy(() -> Quantizer.quantize(model, WeightFormat.FLOAT16, 32, dir.resolve("a")))
                .hasMessageContaining("[5] = 100000.0 overflows float16 (largest finite value 65504); use bfloat16");
        Quantizer.quantize(model, WeightFormat.INT8, 32, dir.resolve("q"));
        assertThatThrownBy(() -> Quantizer.quantize(dir.resolve("q"), WeightFormat.INT4, 32, dir.resolve("b")))
                .hasMessageContaining("already quantized");
        DebertaModel.load(dir.resolve("q"));   // loads
    }

    /** A random model with one odd weight at index 5 of the first attention output matrix. */
    private static void writeModel(Path dir, DebertaConfig config, float odd) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("config.json"), config.toJsonString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        var source = dev.deberta4j.model.WeightInitializer.initialise(config,
                dev.deberta4j.model.HeadType.SEQUENCE_CLASSIFICATION, 1);
        SafetensorsWriter w = new SafetensorsWriter();
        for (String n : source.names()) {
            float[] v = source.readFloats(n);
            if (n.equals("deberta.encoder.layer.0.attention.output.dense.weight")) v[5] = odd;
            w.addF32(n, v, source.info(n).shape());
        }
        w.write(dir.resolve("model.safetensors"));
    }
}
