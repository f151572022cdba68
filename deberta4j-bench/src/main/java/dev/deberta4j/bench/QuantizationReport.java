package dev.deberta4j.bench;

import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.ModelInput;
import dev.deberta4j.model.ModelOutput;
import dev.deberta4j.model.ModelShapes;
import dev.deberta4j.quant.Quantizer;
import dev.deberta4j.quant.WeightFormat;
import dev.deberta4j.tensor.Tensor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Accuracy and size of each quantized form of a model against its float32 self: max and mean absolute deviation
 * of the last hidden state and of the logits on random inputs, and the weight file size. Not a timing (speed is
 * {@code deberta4j bench --model DIR} on the directories this leaves behind, and {@link QuantizedLinearBenchmark}).
 * {@code java -cp benchmarks.jar dev.deberta4j.bench.QuantizationReport WORKDIR [MODEL_DIR]}: without a model
 * directory a base-shaped random one is written to WORKDIR/float32.
 */
public final class QuantizationReport {
    private QuantizationReport() {
    }

    public static void main(String[] args) throws IOException {
        Path work = Path.of(args.length > 0 ? args[0] : "target/quantization-report");
        Path reference = args.length > 1 ? Path.of(args[1]) : work.resolve("float32");
        if (args.length <= 1 && !Files.exists(reference.resolve("model.safetensors"))) {
            RandomModelDirectory.write(reference, ModelShapes.byName("base"), 42);
        }
        DebertaModel float32 = DebertaModel.load(reference);
        ModelInput input = ModelInput.random(4, 64, float32.config().vocabSize, 0, 3);
        ModelOutput expected = float32.forward(input);
        System.out.printf("reference %s: %s, %.2f MB; inputs 4 x 64 random ids%n", reference,
                float32.headType().architecture(float32.config().family), Files.size(reference.resolve("model.safetensors")) / 1048576.0);
        System.out.println("| dtype | file MB | hidden max | hidden mean | logits max | logits mean |");
        System.out.println("|---|---|---|---|---|---|");
        for (WeightFormat format : List.of(WeightFormat.FLOAT16, WeightFormat.BFLOAT16, WeightFormat.INT8,
                WeightFormat.INT4)) {
            Path dir = work.resolve(format.cliName());
            Quantizer.Result r = Quantizer.quantize(reference, format, Quantizer.DEFAULT_GROUP_SIZE, dir);
            ModelOutput actual = DebertaModel.load(dir).forward(input);
            double[] h = deviation(actual.lastHiddenState(), expected.lastHiddenState());
            double[] l = expected.logits() == null ? new double[]{Double.NaN, Double.NaN}
                    : deviation(actual.logits(), expected.logits());
            System.out.printf("| %s | %.2f | %.3g | %.3g | %.3g | %.3g |%n", format, r.fileBytes() / 1048576.0,
                    h[0], h[1], l[0], l[1]);
        }
    }

    static double[] deviation(Tensor a, Tensor b) {
        double max = 0, sum = 0;
        for (int i = 0; i < a.data().length; i++) {
            double d = Math.abs(a.data()[i] - b.data()[i]);
            max = Math.max(max, d);
            sum += d;
        }
        return new double[]{max, sum / a.data().length};
    }

}
