package dev.deberta4j.model;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.InMemoryTensorSource;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.io.TensorInfo;
import dev.deberta4j.quant.Quantizer;
import dev.deberta4j.quant.WeightFormat;
import dev.deberta4j.tensor.Tensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * quantize on the other families: every encoder matrix (and ELECTRA's embeddings_project) of each family's
 * sequence classifier is converted and each converted tensor is used on loading. float16 is checked exactly: the
 * quantized model gives the logits of the float32 engine run on the same weights rounded to float16 (1e-5), so
 * every converted matrix is wired where its float32 original was. int8 stays within 0.05 of transformers' float32
 * logits (values up to 1.5; the fixtures' weights are larger than a trained model's, ELECTRA's error is the largest).
 */
class FamilyQuantizedTest {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.deberta4j.model.FamilyParityTest#caseNames")
    void float16IsTheFloat32EngineOnRoundedWeights(String caseName, @TempDir Path out) {
        Path dir = FamilyParityTest.dir(caseName).resolve("seq_cls");
        DebertaConfig config = DebertaConfig.load(dir);
        Quantizer.Result result = Quantizer.quantize(dir, WeightFormat.FLOAT16, 16, out);
        assertThat(result.quantizedMatrices()).isEqualTo(6 * config.numHiddenLayers + (caseName.equals("electra") ? 1 : 0));
        InMemoryTensorSource rounded = new InMemoryTensorSource(dir);
        try (SafetensorsFile original = SafetensorsFile.open(dir.resolve("model.safetensors"))) {
            for (String name : original.names()) {
                TensorInfo info = original.info(name);
                float[] w = original.readFloats(name);
                if (Quantizer.isBackboneLinear(info)) {
                    for (int i = 0; i < w.length; i++) w[i] = Float.float16ToFloat(Float.floatToFloat16(w[i]));
                }
                rounded.putFloats(name, w, info.shape());
            }
        }
        try (SafetensorsFile golden = SafetensorsFile.open(FamilyParityTest.dir(caseName).resolve("golden.safetensors"));
             DebertaModel quantized = DebertaModel.load(out);
             DebertaModel reference = DebertaModel.load(config, rounded, LoadOptions.defaults())) {
            assertThat(quantized.config().family).isEqualTo(config.family);
            assertThat(quantized.loadReport().unexpected()).isEmpty();
            ModelInput in = FamilyParityTest.input(golden);
            Tensor logits = quantized.forward(in).logits();
            assertThat(logits.maxAbsDiff(reference.forward(in).logits())).isLessThanOrEqualTo(1e-5f);
            assertThat(logits.maxAbsDiff(FamilyParityTest.tensor(golden, "logits.seq_cls"))).isGreaterThan(0f);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.deberta4j.model.FamilyParityTest#caseNames")
    void int8StaysNearTheGolden(String caseName, @TempDir Path out) {
        Path dir = FamilyParityTest.dir(caseName).resolve("seq_cls");
        Quantizer.quantize(dir, WeightFormat.INT8, 16, out);
        try (SafetensorsFile golden = SafetensorsFile.open(FamilyParityTest.dir(caseName).resolve("golden.safetensors"));
             DebertaModel model = DebertaModel.load(out)) {
            assertThat(model.loadReport().unexpected()).isEmpty();
            float diff = model.forward(FamilyParityTest.input(golden)).logits()
                    .maxAbsDiff(FamilyParityTest.tensor(golden, "logits.seq_cls"));
            assertThat(diff).isLessThanOrEqualTo(0.05f);
        }
    }
}
