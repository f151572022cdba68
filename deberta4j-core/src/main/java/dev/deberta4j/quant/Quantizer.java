package dev.deberta4j.quant;

import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.io.CheckpointException;
import dev.deberta4j.io.Checkpoints;
import dev.deberta4j.io.DType;
import dev.deberta4j.io.SafetensorsWriter;
import dev.deberta4j.io.TensorInfo;
import dev.deberta4j.io.TensorSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes a model directory whose backbone linear weights (the attention projections, attention output,
 * intermediate and output dense layers of every encoder layer, and embeddings.embed_proj) are stored as float16,
 * bfloat16, int8 or int4, in the tensor layout {@link StoredLinear} reads. Every other tensor (embeddings,
 * LayerNorms, biases, the head) is copied unchanged, as are the other files of the directory (tokenizer files).
 */
public final class Quantizer {
    /** The int4 group size used when none is given. */
    public static final int DEFAULT_GROUP_SIZE = 32;

    /** The rank-2 weights the backbone multiplies with through LinearWeights. */
    private static final Pattern BACKBONE_LINEAR =
            Pattern.compile("((deberta|bert|electra|roberta|distilbert)\\.)?"
                    + "((encoder|transformer)\\.layer\\.\\d+\\..+|embeddings\\.embed_proj|embeddings_project)\\.weight");

    /** What was written. */
    public record Result(Path weightsFile, int quantizedMatrices, long quantizedParameters, long fileBytes) {
    }

    private Quantizer() {
    }

    /** True for the tensors this quantizer converts. */
    public static boolean isBackboneLinear(TensorInfo info) {
        return info.rank() == 2 && BACKBONE_LINEAR.matcher(info.name()).matches();
    }

    /**
     * Quantizes {@code modelDir} into {@code outputDir} (created if needed; its config.json and model.safetensors
     * are replaced).
     *
     * @param groupSize the int4 group size (ignored for the other formats)
     * @throws IllegalArgumentException for float32, a group size that does not divide every quantized matrix, or
     *                                  an output directory equal to the input
     * @throws CheckpointException      for an already quantized checkpoint, or weights that do not fit the format
     *                                  (non-finite values; float16 overflow)
     */
    public static Result quantize(Path modelDir, WeightFormat format, int groupSize, Path outputDir) {
        if (format == WeightFormat.FLOAT32) {
            throw new IllegalArgumentException("quantize: the target dtype must be float16, bfloat16, int8 or int4,"
                    + " found float32");
        }
        if (format == WeightFormat.INT4 && (groupSize < QuantizedInt4Matrix.GROUP_MULTIPLE
                || groupSize % QuantizedInt4Matrix.GROUP_MULTIPLE != 0)) {
            throw new IllegalArgumentException("int4 group size must be a positive multiple of "
                    + QuantizedInt4Matrix.GROUP_MULTIPLE + ", found " + groupSize);
        }
        DebertaConfig config = DebertaConfig.load(modelDir);
        try {
            Files.createDirectories(outputDir);
            if (Files.isSameFile(modelDir, outputDir)) {
                throw new IllegalArgumentException("quantize: the output directory must differ from the model"
                        + " directory " + modelDir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + outputDir, e);
        }
        Path weightsFile = outputDir.resolve("model.safetensors");
        int matrices = 0;
        long parameters = 0;
        try (TensorSource source = Checkpoints.open(modelDir)) {
            SafetensorsWriter writer = new SafetensorsWriter().metadata("deberta4j.weight_dtype", format.cliName());
            if (format == WeightFormat.INT4) writer.metadata("deberta4j.group_size", Integer.toString(groupSize));
            for (String name : source.names()) {
                TensorInfo info = source.info(name);
                if (name.endsWith(StoredLinear.INT8_SUFFIX) || name.endsWith(StoredLinear.INT4_SUFFIX)) {
                    throw new CheckpointException(source.path(), "already quantized (tensor " + name + ")");
                }
                if (isBackboneLinear(info)) {
                    addLinear(writer, source, info, format, groupSize);
                    matrices++;
                    parameters += info.numel();
                } else {
                    writer.addRaw(name, info.dtype(), bytes(source.readRaw(name)), info.shape());
                }
            }
            writer.write(weightsFile);
        }
        writeConfig(config, format, groupSize, outputDir);
        copyOtherFiles(modelDir, outputDir);
        try {
            return new Result(weightsFile, matrices, parameters, Files.size(weightsFile));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void addLinear(SafetensorsWriter writer, TensorSource source, TensorInfo info, WeightFormat format,
                                  int groupSize) {
        String name = info.name();
        int rows = (int) info.shape()[0];
        int cols = (int) info.shape()[1];
        if (format == WeightFormat.INT4 && cols % groupSize != 0) {
            throw new IllegalArgumentException("int4 group size " + groupSize + " does not divide the " + cols
                    + " input features of " + name);
        }
        float[] w = source.readFloats(name);
        requireRepresentable(source, name, w, format);
        switch (format) {
            case FLOAT16 -> writer.addF16(name, w, info.shape());
            case BFLOAT16 -> writer.addBF16(name, w, info.shape());
            case INT8 -> {
                QuantizedInt8Matrix q = QuantizedInt8Matrix.quantize(w, rows, cols);
                writer.addRaw(name + StoredLinear.INT8_SUFFIX, DType.I8, q.values(), rows, cols);
                writer.addF32(name + StoredLinear.SCALE_SUFFIX, q.scales(), rows);
            }
            case INT4 -> {
                QuantizedInt4Matrix q = QuantizedInt4Matrix.quantize(w, rows, cols, groupSize);
                writer.addRaw(name + StoredLinear.INT4_SUFFIX, DType.U8, q.packed(), rows, cols / 2);
                writer.addF32(name + StoredLinear.SCALE_SUFFIX, q.scales(), rows, cols / groupSize);
            }
            case FLOAT32 -> throw new AssertionError("rejected above");
        }
    }

    /** Non-finite weights have no int scale, and float16 turns weights past its range into infinities. */
    private static void requireRepresentable(TensorSource source, String name, float[] w, WeightFormat format) {
        for (int i = 0; i < w.length; i++) {
            if (!Float.isFinite(w[i])) {
                throw new CheckpointException(source.path(), name + "[" + i + "] is " + w[i]
                        + ": only finite weights can be quantized");
            }
            if (format == WeightFormat.FLOAT16 && Math.abs(w[i]) > 65504f) {
                throw new CheckpointException(source.path(), name + "[" + i + "] = " + w[i]
                        + " overflows float16 (largest finite value 65504); use bfloat16");
            }
        }
    }

    private static void writeConfig(DebertaConfig config, WeightFormat format, int groupSize, Path outputDir) {
        var json = config.toJson();
        new QuantizationConfig(format, format == WeightFormat.INT4 ? groupSize : 0).toJson(json);
        try {
            Files.writeString(outputDir.resolve("config.json"), DebertaConfig.fromJson(json).toJsonString() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + outputDir.resolve("config.json") + ": " + dev.deberta4j.io.IoErrors.reason(e), e);
        }
    }

    /** Tokenizer and other files travel along; weight files and the config are the ones written here. */
    private static void copyOtherFiles(Path modelDir, Path outputDir) {
        if (!Files.isDirectory(modelDir)) return;
        try (Stream<Path> files = Files.list(modelDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String n = f.getFileName().toString();
                boolean weights = n.endsWith(".safetensors") || n.endsWith(".bin") || n.endsWith(".pt")
                        || n.endsWith(".pth") || n.endsWith(".index.json") || n.equals("config.json");
                if (!weights) Files.copy(f, outputDir.resolve(n), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy the files of " + modelDir + " to " + outputDir, e);
        }
    }

    private static byte[] bytes(ByteBuffer raw) {
        byte[] b = new byte[raw.remaining()];
        raw.duplicate().order(ByteOrder.LITTLE_ENDIAN).get(b);
        return b;
    }
}
