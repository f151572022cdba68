package dev.deberta4j.model;

import dev.deberta4j.config.ModelFamily;
import dev.deberta4j.io.TensorInfo;
import dev.deberta4j.io.TensorSource;
import dev.deberta4j.kernels.LinearWeights;
import dev.deberta4j.kernels.PackedMatrix;
import dev.deberta4j.quant.QuantizationConfig;
import dev.deberta4j.quant.StoredLinear;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a module's weights by their transformers names, checking shapes and remembering which names were used,
 * so that missing and unexpected weights can be reported as transformers reports them.
 * Checkpoints of a task model name the backbone {@code deberta.*} ({@code bert.*}, ...); a backbone-only checkpoint
 * does not: the reader maps between the two as transformers' base_model_prefix handling does. Modules name backbone
 * weights as DeBERTa-V2 does; {@link ModelFamily#weightName} gives the family's name.
 */
final class WeightReader {
    private final TensorSource source;
    private final String backbonePrefix;
    private final ModelFamily family;
    private final Set<String> used = new LinkedHashSet<>();
    private final List<String> missing = new ArrayList<>();
    private final List<String> initialised = new ArrayList<>();
    private Random freshInit;
    private double initializerRange = 0.02;
    private QuantizationConfig quantization;
    /** Where embedding tables live: mapped from the checkpoint, or converted copies; owned by the model. */
    private final Arena arena;
    /** One buffer every packed matrix is staged through, so loading leaves no float32 copy of it behind. */
    private float[] staging = new float[0];

    /**
     * @param source the checkpoint
     * @param family whose weight names the checkpoint uses
     * @param backboneNamed whether the checkpoint names backbone weights with the family's prefix ({@code deberta.})
     */
    WeightReader(TensorSource source, ModelFamily family, boolean backboneNamed, Arena arena) {
        this.source = source;
        this.family = family;
        this.backbonePrefix = backboneNamed ? family.backbonePrefix() : "";
        this.arena = arena;
    }

    /** Whether a checkpoint names its backbone with the family's base-model prefix (a task model's checkpoint). */
    static boolean backboneNamed(TensorSource source, ModelFamily family) {
        return source.contains(family.backbonePrefix() + family.weightName("embeddings.word_embeddings.weight"));
    }

    /** The checkpoint's name of a backbone weight named as DeBERTa-V2 names it. */
    String backboneName(String debertaName) {
        return backbonePrefix + family.weightName(debertaName);
    }

    /** Missing head weights are initialised as transformers' _init_weights does (normal(0, range), zero bias). */
    void initialiseMissingHeadWeights(long seed, double range) {
        this.freshInit = new Random(seed);
        this.initializerRange = range;
    }

    /** The deberta4j_quantization entry the stored quantized weights must agree with (null: none declared). */
    void expectQuantization(QuantizationConfig quantization) {
        this.quantization = quantization;
    }

    /** A backbone weight, e.g. {@code encoder.layer.0.attention.self.query_proj.weight}. */
    float[] backbone(String name, int... shape) {
        return read(backboneName(name), shape, false, false);
    }

    /**
     * The weight of a backbone nn.Linear [out, in] in the form its kernel computes on. Float checkpoints give
     * packed float32; float16/bfloat16 and quantized (int8, int4) matrices stay in their stored form, computed on
     * by the kernels of {@link dev.deberta4j.quant}.
     */
    LinearWeights backboneLinear(String name, int out, int in) {
        StoredLinear stored = StoredLinear.read(source, backboneName(name), out, in, quantization);
        if (stored != null) {
            used.addAll(stored.tensorNames());
            return stored.weights();
        }
        // Packing copies W into its panels, so the staged float32 original is not kept (the panels are the
        // weight's only copy on the heap) and the buffer is reused for the next matrix.
        reserveStaging(out * in);
        stage(name, out, in, present(name, out, in));
        return LinearWeights.dense(staging, out, in);
    }

    /**
     * Backbone nn.Linears [out, in] of one input (an attention layer's query, key and value projections) as one
     * {@link StackedWeights}: float32 parts packed as one matrix whose rows [i·stride, i·stride + out) are part i and
     * whose padding rows are 0; compact parts as stored. A layer whose parts mix float32 and compact forms fails.
     */
    StackedWeights backboneStack(List<String> names, int out, int in) {
        List<StoredLinear> stored = names.stream()
                .map(n -> StoredLinear.read(source, backboneName(n), out, in, quantization)).toList();
        long compact = stored.stream().filter(s -> s != null).count();
        if (compact == names.size()) {
            stored.forEach(s -> used.addAll(s.tensorNames()));
            return StackedWeights.ofPanels(stored.stream().map(StoredLinear::weights).toList());
        }
        if (compact > 0) {
            throw new ModelLoadException(source.path() + ": " + names.stream().map(this::backboneName).toList()
                    + " are multiplied as one matrix and must all be float32 or all be stored in one compact form");
        }
        int stride = StackedWeights.stride(out);
        if ((long) names.size() * stride * in > Integer.MAX_VALUE - 16) {
            throw new ModelLoadException(source.path() + ": " + names.size() + " stacked [" + out + ", " + in
                    + "] weights would be more than one array can hold");
        }
        int slot = stride * in;
        reserveStaging(names.size() * slot);
        List<Boolean> present = names.stream().map(n -> present(n, out, in)).toList();
        // stage() writes from staging[0], so the last part is staged first and moved to its slot: a part never
        // overwrites one already in place.
        for (int i = names.size() - 1; i >= 0; i--) {
            stage(names.get(i), out, in, present.get(i));
            System.arraycopy(staging, 0, staging, i * slot, out * in);
            Arrays.fill(staging, i * slot + out * in, (i + 1) * slot, 0f);
        }
        PackedMatrix whole = PackedMatrix.pack(staging, 0, names.size() * stride, in);
        List<LinearWeights> parts = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) parts.add(LinearWeights.packed(whole.rowsFrom(i * stride, out)));
        return new StackedWeights(LinearWeights.packed(whole), parts, stride);
    }

    private void reserveStaging(int floats) {
        if (staging.length < floats) staging = new float[floats];
    }

    /** Whether backbone weight name [out, in] is in the checkpoint (its shape checked); if not, it is reported missing. */
    private boolean present(String name, int out, int in) {
        String full = backboneName(name);
        if (!source.contains(full)) {
            missing.add(full);
            return false;
        }
        checkShape(full, new int[]{out, in});
        used.add(full);
        return true;
    }

    /** Float32 backbone weight name [out, in] into staging[0, out·in): its values, or zeros when it is missing. */
    private void stage(String name, int out, int in, boolean present) {
        if (present) {
            source.readFloats(backboneName(name), staging);
        } else {
            Arrays.fill(staging, 0, out * in, 0f);
        }
    }

    /**
     * A backbone embedding table [rows, width] used in place: the checkpoint's float32 bytes mapped into the model's
     * arena (only the rows looked up become resident), or, for float16/bfloat16/float64 checkpoints and in-memory
     * sources, a float32 copy in the arena. Little-endian float32, row-major.
     */
    MemorySegment backboneTable(String name, int rows, int width) {
        String full = backboneName(name);
        if (source.contains(full)) {
            checkShape(full, new int[]{rows, width});
            MemorySegment mapped = source.mapF32(full, arena);
            if (mapped != null) {
                used.add(full);
                return mapped;
            }
        }
        float[] w = backbone(name, rows, width);
        MemorySegment copy = arena.allocate((long) w.length * Float.BYTES, 64);
        MemorySegment.copy(w, 0, copy, EmbeddingTable.F32, 0, w.length);
        return copy;
    }

    /**
     * A head weight, e.g. {@code classifier.weight}; may be freshly initialised when allowed. A head weight inside
     * the backbone ({@code bert.pooler.dense.weight}) is found without its prefix in a backbone-only checkpoint.
     */
    float[] head(String name, int... shape) {
        return read(headName(name), shape, true, name.endsWith(".bias") || name.endsWith("LayerNorm.bias"));
    }

    private String headName(String name) {
        String prefix = family.backbonePrefix();
        if (!source.contains(name) && name.startsWith(prefix) && backbonePrefix.isEmpty()
                && source.contains(name.substring(prefix.length()))) {
            return name.substring(prefix.length());
        }
        return name;
    }

    /** A LayerNorm weight of a head: fresh value 1 (bias 0) as transformers initialises LayerNorm. */
    float[] headLayerNormWeight(String name, int size) {
        if (!source.contains(name) && freshInit != null) {
            float[] ones = new float[size];
            Arrays.fill(ones, 1f);
            initialised.add(name);
            return ones;
        }
        return read(name, new int[]{size}, true, false);
    }

    private float[] read(String name, int[] shape, boolean isHead, boolean zeroInit) {
        long elements = 1;
        for (int d : shape) elements *= d; // in long: a config product past 2^31 must not wrap to a negative size
        if (elements > Integer.MAX_VALUE - 8) {
            throw new ModelLoadException(source.path() + ": weight " + name + " would have " + elements
                    + " elements, more than one array can hold");
        }
        int n = (int) elements;
        if (!source.contains(name)) {
            if (isHead && freshInit != null) {
                initialised.add(name);
                float[] w = new float[n];
                if (!zeroInit) {
                    for (int i = 0; i < n; i++) w[i] = (float) (freshInit.nextGaussian() * initializerRange);
                }
                return w;
            }
            missing.add(name);
            return new float[n];
        }
        checkShape(name, shape);
        used.add(name);
        return source.readFloats(name);
    }

    private void checkShape(String name, int[] shape) {
        TensorInfo info = source.info(name);
        long[] expected = Arrays.stream(shape).asLongStream().toArray();
        if (!Arrays.equals(info.shape(), expected)) {
            throw new ModelLoadException(source.path() + ": weight " + name + " has shape "
                    + Arrays.toString(info.shape()) + ", the config requires " + Arrays.toString(expected));
        }
    }

    /** Marks a weight the model accepts but does not need (e.g. a tied decoder copy). */
    void accept(String name) {
        if (source.contains(name)) used.add(name);
    }

    List<String> missing() {
        return List.copyOf(missing);
    }

    List<String> initialised() {
        return List.copyOf(initialised);
    }

    /** Checkpoint names no module asked for (transformers warns about these and ignores them). */
    List<String> unexpected() {
        TreeSet<String> rest = new TreeSet<>(source.names());
        rest.removeAll(used);
        rest.remove(backbonePrefix + "embeddings.position_ids");   // buffers some checkpoints carry
        rest.remove(backbonePrefix + "embeddings.token_type_ids");
        return List.copyOf(rest);
    }
}
