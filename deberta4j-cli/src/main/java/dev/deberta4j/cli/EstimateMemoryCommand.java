package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.Checkpoints;
import dev.deberta4j.memory.ByteSizes;
import dev.deberta4j.memory.MemoryEstimate;
import dev.deberta4j.memory.MemoryTable;
import dev.deberta4j.model.DebertaModel;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.model.LoadOptions;
import dev.deberta4j.model.ModelInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code deberta4j estimate-memory}: the model card's memory table, from config.json alone. */
@Command(name = "estimate-memory", mixinStandardHelpOptions = true,
        description = {"Print the memory a model needs per dtype (largest layer, total size, training with Adam), "
                + "counted from config.json as Hugging Face accelerate's estimate-memory counts it (sizes in binary units)."})
public final class EstimateMemoryCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MODEL_DIR_OR_CONFIG_JSON", description = "A model directory, config.json or Hub repo id.")
    String model;

    @Option(names = "--dtypes", defaultValue = "float32,float16,int8,int4", split = ",", paramLabel = "LIST",
            description = "Rows to print (default: ${DEFAULT-VALUE}).")
    List<String> dtypes;

    @Option(names = "--head", defaultValue = "base", paramLabel = "HEAD",
            description = "Count a task head too (default: ${DEFAULT-VALUE}, the backbone as AutoModel loads it).")
    String head;

    @Mixin JsonOption format;

    @Spec CommandSpec spec;

    @Option(names = "--measure", description = "Also load the model (or a random one of this config) and run one "
            + "forward pass of 1 x 128 tokens, then report the process's peak resident memory.")
    boolean measure;

    @Override
    public Integer call() throws IOException {
        Path path = Files.isRegularFile(Path.of(model)) ? Path.of(model)
                : ModelDirectories.resolve(model, spec.commandLine().getErr());
        PrintWriter text = spec.commandLine().getOut();
        DebertaConfig config = DebertaConfig.load(path);
        HeadType headType = HeadType.fromCliName(head);
        List<MemoryEstimate.Precision> precisions = dtypes.stream().map(MemoryEstimate.Precision::parse).distinct().toList();
        MemoryEstimate estimate = MemoryEstimate.of(config, headType);
        List<MemoryEstimate.Row> rows = estimate.rows(precisions);
        long[] rss = measure ? measureRss(path, config, headType) : null;
        Long peakRss = rss == null ? null : rss[1];
        if (format.json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode out = mapper.createObjectNode();
            out.put("head", headType.cliName());
            out.put("largest_layer", estimate.largestLayerName());
            ArrayNode arr = out.putArray("rows");
            for (MemoryEstimate.Row r : rows) {
                arr.addObject().put("dtype", r.dtype()).put("largest_layer_bytes", r.largestLayerBytes())
                        .put("total_bytes", r.totalBytes()).put("adam_training_bytes", r.adamTrainingBytes())
                        .put("largest_layer", ByteSizes.format(r.largestLayerBytes()))
                        .put("total", ByteSizes.format(r.totalBytes()))
                        .put("adam_training", ByteSizes.format(r.adamTrainingBytes()));
            }
            if (peakRss != null) {
                out.put("measured_rss_after_load_bytes", rss[0]);
                out.put("measured_peak_rss_bytes", peakRss);
            }
            text.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(out));
        } else {
            text.print(MemoryTable.markdown(rows));
            if (peakRss != null) {
                text.printf("%nmeasured: resident memory %s right after loading, peak %s after one 1 x 128 "
                        + "forward pass (whole JVM; float32 estimate %s)%n", ByteSizes.format(rss[0]),
                        ByteSizes.format(peakRss), ByteSizes.format(estimate.totalBytes()));
            }
        }
        return 0;
    }

    /** {resident bytes right after loading (VmRSS), peak resident bytes after one forward pass (VmHWM)}. */
    private static long[] measureRss(Path path, DebertaConfig config, HeadType head) throws IOException {
        Path dir = Files.isDirectory(path) ? path : path.getParent();
        boolean hasWeights = dir != null && Checkpoints.WEIGHT_FILES.stream().anyMatch(f -> Files.exists(dir.resolve(f)));
        try (DebertaModel m = hasWeights ? DebertaModel.load(dir, LoadOptions.head(head).withFreshHead(0))
                : DebertaModel.randomlyInitialised(config, head, 0)) {
            long afterLoad = procStatus("VmRSS:");
            m.forward(ModelInput.random(1, Math.min(128, config.maxPositionEmbeddings), config.vocabSize, config.padTokenId, 1));
            return new long[]{afterLoad, procStatus("VmHWM:")};
        }
    }

    private static long procStatus(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field)) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("/proc/self/status has no " + field + " line: resident memory is unavailable on this system");
    }
}
