package dev.deberta4j.cli;

import dev.deberta4j.io.Checkpoints;
import dev.deberta4j.io.SafetensorsFile;
import dev.deberta4j.io.SafetensorsWriter;
import dev.deberta4j.io.TensorInfo;
import dev.deberta4j.io.TensorSource;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code deberta4j checkpoint inspect|convert}: look into weight files and turn any of them into safetensors. */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Inspect checkpoints (safetensors, sharded, pytorch_model.bin) or convert them to safetensors.",
        subcommands = {CheckpointCommand.Inspect.class, CheckpointCommand.Convert.class})
public final class CheckpointCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Lists every tensor with dtype and shape, then the totals. */
    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = "Print each tensor's name, dtype and shape, and the parameter count.")
    static final class Inspect implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "PATH", description = "Model folder or weight file.")
        Path path;

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (TensorSource source = Checkpoints.open(path)) {   // failures: one line from Main's handler
                out.println(source.getClass().getSimpleName() + " " + source.path());
                if (source instanceof SafetensorsFile st && !st.metadata().isEmpty()) {
                    out.println("metadata " + st.metadata());
                }
                long params = 0;
                long bytes = 0;
                for (String name : source.names()) {
                    TensorInfo info = source.info(name);
                    out.println(name + " " + info.dtype() + " " + Arrays.toString(info.shape()));
                    params += info.numel();
                    bytes += info.byteLength();
                }
                out.println(source.names().size() + " tensors, " + params + " elements, " + bytes + " bytes");
                return 0;
            }
        }
    }

    /** Rewrites any readable checkpoint as one safetensors file, optionally casting floating-point tensors. */
    @Command(name = "convert", mixinStandardHelpOptions = true,
            description = "Write a checkpoint as a single safetensors file (as transformers' save_pretrained lays it out).")
    static final class Convert implements Callable<Integer> {
        /** Element type of floating-point tensors in the output; integer tensors are always kept. */
        enum Target { keep, f32, f16, bf16 }

        @Parameters(index = "0", paramLabel = "SOURCE", description = "Model folder or weight file.")
        Path source;

        @Parameters(index = "1", paramLabel = "OUT", description = "The .safetensors file to write (atomically; "
                + "with --max-shard-size, the shards and index beside it when it would be larger).")
        Path out;

        @Option(names = "--dtype", defaultValue = "keep", paramLabel = "TYPE",
                description = "Floating-point tensors as ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}); "
                        + "f16/bf16 round to nearest even like torch.")
        Target dtype;

        private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kKMG]i?B|B)");

        @Option(names = "--max-shard-size", paramLabel = "SIZE",
                description = "Split into OUT's NAME-00001-of-0000N.safetensors + NAME.safetensors.index.json when "
                        + "larger than SIZE (e.g. 25MB, 2GB, 500MiB), as save_pretrained(max_shard_size=...) does.")
        String maxShardSize;

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            long shardBytes = maxShardSize == null ? Long.MAX_VALUE : parseSize(maxShardSize);
            try (TensorSource from = Checkpoints.open(source)) {
                SafetensorsWriter writer = new SafetensorsWriter();
                if (from instanceof SafetensorsFile st) {
                    st.metadata().forEach(writer::metadata);
                }
                for (String name : from.names()) {
                    add(writer, from, from.info(name));
                }
                if (maxShardSize == null) {
                    writer.write(out);
                    spec.commandLine().getOut().println(out);
                } else {
                    writer.writeSharded(out, shardBytes).forEach(spec.commandLine().getOut()::println);
                }
                return 0;
            }
        }

        /** Bytes in SIZE: a number with B, kB/KB, MB, GB (powers of 1000, as transformers) or KiB, MiB, GiB. */
        private long parseSize(String size) {
            Matcher m = SIZE.matcher(size.strip());
            if (!m.matches()) {
                throw new ParameterException(spec.commandLine(), "--max-shard-size: expected a "
                        + "size such as 25MB or 500MiB, found '" + size + "'");
            }
            String unit = m.group(2).toUpperCase(Locale.ROOT);
            long scale = switch (unit) {
                case "B" -> 1L;
                case "KB" -> 1_000L;
                case "MB" -> 1_000_000L;
                case "GB" -> 1_000_000_000L;
                case "KIB" -> 1L << 10;
                case "MIB" -> 1L << 20;
                default -> 1L << 30;   // GIB
            };
            long bytes = (long) (Double.parseDouble(m.group(1)) * scale);
            if (bytes < 1) {
                throw new ParameterException(spec.commandLine(), "--max-shard-size: must be at "
                        + "least 1 byte, found '" + size + "'");
            }
            return bytes;
        }

        private void add(SafetensorsWriter writer, TensorSource from, TensorInfo info) {
            String name = info.name();
            long[] shape = info.shape();
            if (dtype == Target.keep || !info.dtype().isFloatingPoint()) {
                ByteBuffer raw = from.readRaw(name);
                byte[] bytes = new byte[raw.remaining()];
                raw.get(bytes);
                writer.addRaw(name, info.dtype(), bytes, shape);
                return;
            }
            float[] values = from.readFloats(name);
            switch (dtype) {
                case f32 -> writer.addF32(name, values, shape);
                case f16 -> writer.addF16(name, values, shape);
                case bf16 -> writer.addBF16(name, values, shape);
                case keep -> throw new AssertionError("handled above");
            }
        }
    }
}
