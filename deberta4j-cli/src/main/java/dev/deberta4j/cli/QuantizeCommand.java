package dev.deberta4j.cli;

import dev.deberta4j.quant.Quantizer;
import dev.deberta4j.quant.WeightFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * {@code deberta4j quantize}: writes a model directory whose backbone linear weights are float16, bfloat16, int8
 * (per-output-channel scales) or int4 (group-wise scales); infer, bench and the Java API load it like any other.
 */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Weight-only quantization of the backbone's linear layers (see docs/quantization.md).")
public final class QuantizeCommand implements Callable<Integer> {
    @Mixin ModelOption model;

    @Option(names = "--dtype", required = true, paramLabel = "DTYPE",
            description = "float16, bfloat16, int8 or int4.")
    String dtype;

    @Mixin OutputDirectoryOption output;

    @Option(names = "--group-size", defaultValue = "" + Quantizer.DEFAULT_GROUP_SIZE, paramLabel = "N",
            description = "int4 weights per scale, a multiple of 16 (default: ${DEFAULT-VALUE}).")
    int groupSize;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        WeightFormat format = WeightFormat.parse(dtype);
        Quantizer.Result r = Quantizer.quantize(model.directory(), format, groupSize, output.path());
        spec.commandLine().getOut().printf("wrote %s: %d linear weight matrices (%d parameters) as %s%s, %.2f MB%n",
                r.weightsFile(), r.quantizedMatrices(), r.quantizedParameters(), format,
                format == WeightFormat.INT4 ? " in groups of " + groupSize : "", r.fileBytes() / 1048576.0);
        return 0;
    }
}
