package dev.deberta4j.io;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The meaning of a torch state-dict pickle: the short list of globals it may use (OrderedDict, the tensor rebuild
 * functions, the typed storage classes) and what they produce: {@link TensorRecord}s that point into storages named
 * by persistent id. Nothing outside the list can be loaded, so a hostile pickle can only fail.
 */
final class TorchPickle implements PickleReader.Hooks {

    /** Typed storage classes and the element type their bytes hold. */
    private static final Map<String, DType> STORAGE_TYPES = Map.ofEntries(
            Map.entry("torch.DoubleStorage", DType.F64), Map.entry("torch.FloatStorage", DType.F32),
            Map.entry("torch.HalfStorage", DType.F16), Map.entry("torch.BFloat16Storage", DType.BF16),
            Map.entry("torch.LongStorage", DType.I64), Map.entry("torch.IntStorage", DType.I32),
            Map.entry("torch.ShortStorage", DType.I16), Map.entry("torch.CharStorage", DType.I8),
            Map.entry("torch.ByteStorage", DType.U8), Map.entry("torch.BoolStorage", DType.BOOL));
    private static final String ORDERED_DICT = "collections.OrderedDict";
    private static final String REBUILD_TENSOR = "torch._utils._rebuild_tensor";
    private static final String REBUILD_TENSOR_V2 = "torch._utils._rebuild_tensor_v2";
    private static final String REBUILD_PARAMETER = "torch._utils._rebuild_parameter";
    private static final String REBUILD_PARAMETER_WITH_STATE = "torch._utils._rebuild_parameter_with_state";
    private static final String REBUILD_FROM_TYPE_V2 = "torch._tensor._rebuild_from_type_v2";
    /** Tensor classes that only appear as the target type of {@code _rebuild_from_type_v2}; never called. */
    private static final Set<String> TENSOR_TYPES = Set.of("torch.Tensor", "torch.nn.parameter.Parameter");
    private static final Set<String> CALLABLES = Set.of(ORDERED_DICT, REBUILD_TENSOR, REBUILD_TENSOR_V2,
            REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE, REBUILD_FROM_TYPE_V2);

    /**
     * A storage named by a persistent id: {@code key} is the zip entry name or the legacy storage key. For a legacy
     * storage view, {@code viewOffset} is where the view starts in the root storage (elements).
     *
     * @param numel elements of the root storage as the pickle declares it
     */
    record StorageRef(String key, DType dtype, long numel, long viewOffset) {
    }

    /** A tensor as torch records it: a strided view of a storage, offsets and strides in elements. */
    record TensorRecord(StorageRef storage, long offset, long[] shape, long[] stride) {
        DType dtype() {
            return storage.dtype();
        }
    }

    private final Path file;
    private final Map<String, StorageRef> storages = new LinkedHashMap<>();

    TorchPickle(Path file) {
        this.file = file;
    }

    /** Storages the pickle referred to, by key. */
    Map<String, StorageRef> storages() {
        return Collections.unmodifiableMap(storages);
    }

    /** Hooks for the auxiliary pickles (magic number, sys info, key lists) that need no globals at all. */
    static PickleReader.Hooks plainData(Path file) {
        return new PickleReader.Hooks() {
            @Override
            public boolean allowsGlobal(String qualifiedName) {
                return false;
            }

            @Override
            public Object reduce(PickleReader.Global callable, List<Object> args) {
                throw new CheckpointException(file, "unexpected call of " + callable);
            }

            @Override
            public Object persistentLoad(Object pid) {
                throw new CheckpointException(file, "unexpected persistent id in a header pickle");
            }

            @Override
            public void build(Object target, Object state) {
                throw new CheckpointException(file, "unexpected BUILD in a header pickle");
            }
        };
    }

    @Override
    public boolean allowsGlobal(String qualifiedName) {
        return CALLABLES.contains(qualifiedName) || STORAGE_TYPES.containsKey(qualifiedName)
                || TENSOR_TYPES.contains(qualifiedName);
    }

    @Override
    public Object reduce(PickleReader.Global callable, List<Object> args) {
        return switch (callable.qualifiedName()) {
            case ORDERED_DICT -> {
                if (!args.isEmpty()) {
                    throw new CheckpointException(file, "OrderedDict called with " + args.size()
                            + " arguments; torch pickles its items separately");
                }
                yield new LinkedHashMap<>();
            }
            case REBUILD_TENSOR, REBUILD_TENSOR_V2 -> tensor(callable, args);
            case REBUILD_PARAMETER, REBUILD_PARAMETER_WITH_STATE -> {
                if (args.isEmpty() || !(args.getFirst() instanceof TensorRecord t)) {
                    throw new CheckpointException(file, callable + " needs a tensor as first argument, found "
                            + (args.isEmpty() ? "nothing" : PickleReader.describe(args.getFirst())));
                }
                yield t;
            }
            case REBUILD_FROM_TYPE_V2 -> {
                // (func, new_type, args, state): the subclass and its state do not change the data. Unwrapped in a
                // loop, not by recursion, so a hostile chain of wrappers cannot overflow the stack.
                PickleReader.Global func = callable;
                List<Object> funcArgs = args;
                while (func.qualifiedName().equals(REBUILD_FROM_TYPE_V2)) {
                    if (funcArgs.size() != 4 || !(funcArgs.get(0) instanceof PickleReader.Global f)
                            || !(funcArgs.get(1) instanceof PickleReader.Global type)
                            || !TENSOR_TYPES.contains(type.qualifiedName())
                            || !(funcArgs.get(2) instanceof List<?> inner)) {
                        throw new CheckpointException(file, callable + " needs (function, tensor type, args, state), found "
                                + PickleReader.describe(funcArgs));
                    }
                    @SuppressWarnings("unchecked")
                    List<Object> next = (List<Object>) inner;
                    func = f;
                    funcArgs = next;
                }
                yield reduce(func, funcArgs);
            }
            default -> throw new CheckpointException(file, "global " + callable + " cannot be called");
        };
    }

    /** {@code _rebuild_tensor(storage, offset, size, stride)}; v2 adds requires_grad, hooks and metadata. */
    private TensorRecord tensor(PickleReader.Global callable, List<Object> args) {
        if (args.size() < 4) {
            throw new CheckpointException(file, callable + " needs (storage, offset, size, stride, ...), found "
                    + args.size() + " arguments");
        }
        if (!(args.get(0) instanceof StorageRef storage)) {
            throw new CheckpointException(file, callable + ": argument 0 must be a storage, found "
                    + PickleReader.describe(args.get(0)));
        }
        long offset = nonNegative(callable + " storage_offset", args.get(1));
        long[] shape = longs(callable + " size", args.get(2));
        long[] stride = longs(callable + " stride", args.get(3));
        if (shape.length != stride.length) {
            throw new CheckpointException(file, callable + ": size " + Arrays.toString(shape) + " and stride "
                    + Arrays.toString(stride) + " differ in rank");
        }
        return new TensorRecord(storage, offset, shape, stride);
    }

    /** Persistent id {@code ('storage', storage_type, key, location, numel[, view_metadata])}. */
    @Override
    public Object persistentLoad(Object pid) {
        if (!(pid instanceof List<?> t) || t.size() < 5 || !"storage".equals(t.get(0))) {
            throw new CheckpointException(file, "persistent id must be ('storage', type, key, location, numel), found "
                    + PickleReader.describe(pid));
        }
        if (!(t.get(1) instanceof PickleReader.Global type) || !STORAGE_TYPES.containsKey(type.qualifiedName())) {
            throw new CheckpointException(file, "unsupported storage type " + PickleReader.describe(t.get(1))
                    + " (supported: typed storages such as torch.FloatStorage)");
        }
        if (!(t.get(2) instanceof String key)) {
            throw new CheckpointException(file, "storage key must be a string, found " + PickleReader.describe(t.get(2)));
        }
        DType dtype = STORAGE_TYPES.get(type.qualifiedName());
        long numel = nonNegative("storage " + key + " size", t.get(4));
        StorageRef root = new StorageRef(key, dtype, numel, 0);
        StorageRef known = storages.putIfAbsent(key, root);
        if (known != null && (known.dtype() != dtype || known.numel() != numel)) {
            throw new CheckpointException(file, "storage " + key + " is declared as " + known.dtype() + "[" + known.numel()
                    + "] and as " + dtype + "[" + numel + "]");
        }
        Object view = t.size() > 5 ? t.get(5) : null;
        if (view == null) {
            return root;
        }
        // legacy view: (view_key, offset, view_size) into the root storage
        if (!(view instanceof List<?> v) || v.size() != 3) {
            throw new CheckpointException(file, "storage " + key + " view metadata must be (key, offset, size), found "
                    + PickleReader.describe(view));
        }
        long viewOffset = nonNegative("storage " + key + " view offset", v.get(1));
        long viewSize = nonNegative("storage " + key + " view size", v.get(2));
        if (viewOffset + viewSize > numel) {
            throw new CheckpointException(file, "storage " + key + " view [" + viewOffset + ", " + (viewOffset + viewSize)
                    + ") exceeds its " + numel + " elements");
        }
        return new StorageRef(key, dtype, numel, viewOffset);
    }

    @Override
    public void build(Object target, Object state) {
        // Attributes such as OrderedDict._metadata or a Parameter's flags carry nothing a weight reader needs.
        if (!(target instanceof Map<?, ?>) && !(target instanceof TensorRecord)) {
            throw new CheckpointException(file, "BUILD on " + PickleReader.describe(target) + " is not supported");
        }
    }

    /** The pickled state dict: string keys to tensors, sorted by name. */
    SortedMap<String, TensorRecord> stateDict(Object root) {
        if (!(root instanceof Map<?, ?> map)) {
            throw new CheckpointException(file, "expected a state dict (dict of name -> tensor), found "
                    + PickleReader.describe(root));
        }
        SortedMap<String, TensorRecord> tensors = new TreeMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String name)) {
                throw new CheckpointException(file, "state dict key " + PickleReader.describe(e.getKey()) + " is not a string");
            }
            if (!(e.getValue() instanceof TensorRecord t)) {
                throw new CheckpointException(file, "state dict entry " + name + " is "
                        + PickleReader.describe(e.getValue()) + ", not a tensor");
            }
            tensors.put(name, t);
        }
        return tensors;
    }

    private long nonNegative(String what, Object o) {
        if (!(o instanceof Long v) || v < 0) {
            throw new CheckpointException(file, what + " must be a non-negative integer, found " + PickleReader.describe(o));
        }
        return v;
    }

    private long[] longs(String what, Object o) {
        if (!(o instanceof List<?> items)) {
            throw new CheckpointException(file, what + " must be a tuple of integers, found " + PickleReader.describe(o));
        }
        long[] values = new long[items.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = nonNegative(what + "[" + i + "]", items.get(i));
        }
        return values;
    }
}
