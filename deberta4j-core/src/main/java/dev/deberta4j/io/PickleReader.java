package dev.deberta4j.io;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A restricted pickle virtual machine: it understands the opcodes of protocols 2 to 5 that {@code torch.save}
 * emits and builds plain Java values (Long, BigInteger, Double, Boolean, String, byte[], null, {@code List} for
 * lists and tuples, {@code LinkedHashMap} for dicts). It never runs Python and never instantiates anything
 * reflectively: a GLOBAL is resolved only if {@link Hooks#allowsGlobal} accepts it, and REDUCE and BINPERSID are
 * handed to the hooks, which decide what the few allowed callables mean.
 */
final class PickleReader {
    private static final ValueLayout.OfInt I32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfLong I64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfDouble F64_BIG_ENDIAN = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** Longest GLOBAL module or name line accepted. */
    private static final int MAX_LINE = 256;
    /**
     * Most values a pickle may build or reference (every push, APPEND and SETITEM counts one). torch.save spends
     * about 30 per tensor, so a state dict of 60,000 tensors stays far below; the cap keeps a hostile pickle
     * (say 250 MiB of EMPTY_DICT opcodes) from building hundreds of millions of objects.
     */
    static final long MAX_VALUES = 2_000_000;
    /** Deepest tuple nesting accepted: a real state dict nests 4 deep; consumers may then recurse safely. */
    static final int MAX_TUPLE_DEPTH = 100;

    /** A module-level Python name the hooks allowed, e.g. {@code torch._utils._rebuild_tensor_v2}. */
    record Global(String module, String name) {
        String qualifiedName() {
            return module + "." + name;
        }

        @Override
        public String toString() {
            return qualifiedName();
        }
    }

    /** What the allowed globals mean; supplied by the format that uses pickle. */
    interface Hooks {
        boolean allowsGlobal(String qualifiedName);

        /** Applies an allowed callable to its argument tuple (REDUCE). */
        Object reduce(Global callable, List<Object> args);

        /** Resolves a persistent id (BINPERSID), e.g. torch's storage records. */
        Object persistentLoad(Object pid);

        /** Applies BUILD's state to an object the hooks created, or refuses. */
        void build(Object target, Object state);
    }

    private final Path file;
    private final MemorySegment bytes;
    private final Hooks hooks;
    private long pos;
    private final List<Object> stack = new ArrayList<>();
    private final List<Integer> marks = new ArrayList<>();
    private final Map<Long, Object> memo = new HashMap<>();
    /** Nesting depth of tuples deeper than 1, by identity (tuples are immutable, so this stays exact). */
    private final Map<Object, Integer> tupleDepths = new java.util.IdentityHashMap<>();
    private long values;

    /** Reads one pickle starting at {@code start} in {@code bytes}; {@link #position()} is then just past its STOP. */
    PickleReader(Path file, MemorySegment bytes, long start, Hooks hooks) {
        this.file = file;
        this.bytes = bytes;
        this.hooks = hooks;
        this.pos = start;
    }

    long position() {
        return pos;
    }

    /** Runs the pickle to its STOP opcode and returns the object it built. */
    Object load() {
        while (true) {
            long at = pos;
            int op = u8();
            switch (op) {
                case 0x80 -> u8();                                       // PROTO: any version we can parse is fine
                case 0x95 -> i64();                                      // FRAME: a read-ahead hint only
                case '.' -> {                                            // STOP
                    Object result = pop(at);
                    if (!stack.isEmpty() || !marks.isEmpty()) {
                        throw error(at, "STOP with " + stack.size() + " objects left on the stack");
                    }
                    return result;
                }
                case '(' -> marks.add(stack.size());                     // MARK
                case '0' -> pop(at);                                     // POP
                case '1' -> popMark(at);                                 // POP_MARK
                case '2' -> push(peek(at));                              // DUP
                case 'N' -> push(null);                                  // NONE
                case 0x88 -> push(Boolean.TRUE);                         // NEWTRUE
                case 0x89 -> push(Boolean.FALSE);                        // NEWFALSE
                case 'K' -> push((long) u8());                           // BININT1
                case 'M' -> push((long) (u8() | u8() << 8));             // BININT2
                case 'J' -> push((long) i32());                          // BININT
                case 0x8a -> push(longOf(bytes(at, u8())));              // LONG1
                case 0x8b -> push(longOf(bytes(at, i32())));             // LONG4
                case 'G' -> push(f64BigEndian());                        // BINFLOAT
                case 'X' -> push(utf8(at, i32() & 0xFFFF_FFFFL));        // BINUNICODE
                case 0x8c -> push(utf8(at, u8()));                       // SHORT_BINUNICODE
                case 0x8d -> push(utf8(at, i64()));                      // BINUNICODE8
                case 'T' -> push(latin1(bytes(at, i32())));              // BINSTRING (Python 2 str)
                case 'U' -> push(latin1(bytes(at, u8())));               // SHORT_BINSTRING
                case 'B' -> push(bytes(at, i32() & 0xFFFF_FFFFL));       // BINBYTES
                case 'C' -> push(bytes(at, u8()));                       // SHORT_BINBYTES
                case 0x8e -> push(bytes(at, i64()));                     // BINBYTES8
                case '}' -> push(new LinkedHashMap<>());                 // EMPTY_DICT
                case ']' -> push(new ArrayList<>());                     // EMPTY_LIST
                case ')' -> push(tuple(at, List.of()));                  // EMPTY_TUPLE
                case 't' -> push(tuple(at, popMark(at)));                // TUPLE
                case 0x85 -> push(tuple(at, popN(at, 1)));               // TUPLE1
                case 0x86 -> push(tuple(at, popN(at, 2)));               // TUPLE2
                case 0x87 -> push(tuple(at, popN(at, 3)));               // TUPLE3
                case 'l' -> {                                            // LIST
                    List<Object> items = popMark(at);
                    count(at, items.size());
                    push(new ArrayList<>(items));
                }
                case 'd' -> {                                            // DICT
                    List<Object> items = popMark(at);
                    count(at, items.size() / 2);
                    push(dict(at, items, new LinkedHashMap<>()));
                }
                case 'a' -> {                                            // APPEND
                    count(at, 1);
                    list(at, peekBelow(at, 1)).add(pop(at));
                }
                case 'e' -> {                                            // APPENDS
                    List<Object> items = popMark(at);
                    count(at, items.size());
                    list(at, peek(at)).addAll(items);
                }
                case 's' -> {                                            // SETITEM
                    count(at, 1);
                    Object value = pop(at);
                    Object key = key(at, pop(at));
                    map(at, peek(at)).put(key, value);
                }
                case 'u' -> {                                            // SETITEMS
                    List<Object> items = popMark(at);
                    count(at, items.size() / 2);
                    dict(at, items, map(at, peek(at)));
                }
                case 'q' -> memo.put((long) u8(), peek(at));             // BINPUT
                case 'r' -> memo.put(i32() & 0xFFFF_FFFFL, peek(at));    // LONG_BINPUT
                case 0x94 -> memo.put((long) memo.size(), peek(at));     // MEMOIZE
                case 'h' -> push(memoGet(at, u8()));                     // BINGET
                case 'j' -> push(memoGet(at, i32() & 0xFFFF_FFFFL));     // LONG_BINGET
                case 'c' -> push(global(at, line(at), line(at)));        // GLOBAL
                case 0x93 -> {                                           // STACK_GLOBAL
                    Object name = pop(at);
                    Object module = pop(at);
                    if (!(module instanceof String m) || !(name instanceof String n)) {
                        throw error(at, "STACK_GLOBAL needs two strings, found " + describe(module) + " and " + describe(name));
                    }
                    push(global(at, m, n));
                }
                case 'R' -> {                                            // REDUCE
                    Object args = pop(at);
                    Object callable = pop(at);
                    if (!(callable instanceof Global g)) {
                        throw error(at, "REDUCE on " + describe(callable) + ", which is not an allowed global");
                    }
                    if (!(args instanceof List<?> a)) {
                        throw error(at, "REDUCE of " + g + " needs an argument tuple, found " + describe(args));
                    }
                    push(hooks.reduce(g, Collections.unmodifiableList(a)));
                }
                case 'b' -> {                                            // BUILD
                    Object state = pop(at);
                    hooks.build(peek(at), state);
                }
                case 'Q' -> push(hooks.persistentLoad(pop(at)));          // BINPERSID
                default -> throw error(at, "unsupported pickle opcode 0x" + Integer.toHexString(op)
                        + (op >= 0x20 && op < 0x7f ? " ('" + (char) op + "')" : "")
                        + " (only the opcodes torch.save emits are implemented)");
            }
        }
    }

    private Object global(long at, String module, String name) {
        String qualified = module + "." + name;
        if (!hooks.allowsGlobal(qualified)) {
            throw error(at, "refusing to load global " + qualified + " (only tensor storage records are allowed)");
        }
        return new Global(module, name);
    }

    /** An immutable tuple; its nesting depth is recorded so a chain of nested tuples cannot grow unbounded. */
    private List<Object> tuple(long at, List<Object> items) {
        count(at, items.size());
        List<Object> tuple = Collections.unmodifiableList(new ArrayList<>(items));
        int depth = 1;
        for (Object item : items) {
            depth = Math.max(depth, 1 + tupleDepths.getOrDefault(item, item instanceof List<?> ? 1 : 0));
        }
        if (depth > MAX_TUPLE_DEPTH) {
            throw error(at, "tuples nested deeper than " + MAX_TUPLE_DEPTH + " (a torch state dict nests 4 deep)");
        }
        if (depth > 1) {
            tupleDepths.put(tuple, depth);
        }
        return tuple;
    }

    /** Counts values built or referenced against {@link #MAX_VALUES}. */
    private void count(long at, long n) {
        values += n;
        if (values > MAX_VALUES) {
            throw error(at, "the pickle builds more than " + MAX_VALUES + " values (a real checkpoint needs about 30"
                    + " per tensor); refusing it as malformed or hostile");
        }
    }

    private Map<Object, Object> dict(long at, List<Object> items, Map<Object, Object> into) {
        if (items.size() % 2 != 0) {
            throw error(at, "odd number of items (" + items.size() + ") for a dict");
        }
        for (int i = 0; i < items.size(); i += 2) {
            into.put(key(at, items.get(i)), items.get(i + 1));
        }
        return into;
    }

    /** Dict keys must be scalars: hashing a container could recurse forever through a cycle. */
    private Object key(long at, Object key) {
        if (key == null || key instanceof String || key instanceof Long || key instanceof BigInteger
                || key instanceof Double || key instanceof Boolean) {
            return key;
        }
        throw error(at, "unsupported dict key: " + describe(key) + " (only strings and numbers are accepted)");
    }

    @SuppressWarnings("unchecked")
    private List<Object> list(long at, Object o) {
        if (o instanceof ArrayList<?> l) {
            return (List<Object>) l;
        }
        throw error(at, "APPEND to " + describe(o) + ", which is not a list");
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> map(long at, Object o) {
        if (o instanceof LinkedHashMap<?, ?> m) {
            return (Map<Object, Object>) m;
        }
        throw error(at, "SETITEM on " + describe(o) + ", which is not a dict");
    }

    private Object memoGet(long at, long key) {
        if (!memo.containsKey(key)) {
            throw error(at, "memo key " + key + " is read before it is written");
        }
        return memo.get(key);
    }

    private void push(Object o) {
        count(pos, 1);
        stack.add(o);
    }

    private Object pop(long at) {
        int floor = marks.isEmpty() ? 0 : marks.getLast();
        if (stack.size() <= floor) {
            throw error(at, "stack underflow");
        }
        return stack.removeLast();
    }

    private Object peek(long at) {
        return peekBelow(at, 0);
    }

    private Object peekBelow(long at, int depth) {
        int floor = marks.isEmpty() ? 0 : marks.getLast();
        if (stack.size() - depth <= floor) {
            throw error(at, "stack underflow");
        }
        return stack.get(stack.size() - 1 - depth);
    }

    private List<Object> popN(long at, int n) {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop(at);
        }
        return Arrays.asList(items);
    }

    private List<Object> popMark(long at) {
        if (marks.isEmpty()) {
            throw error(at, "no MARK on the stack");
        }
        int mark = marks.removeLast();
        List<Object> items = new ArrayList<>(stack.subList(mark, stack.size()));
        stack.subList(mark, stack.size()).clear();
        return items;
    }

    private int u8() {
        need(pos, 1);
        return bytes.get(ValueLayout.JAVA_BYTE, pos++) & 0xFF;
    }

    private int i32() {
        need(pos, 4);
        int v = bytes.get(I32, pos);
        pos += 4;
        return v;
    }

    private long i64() {
        need(pos, 8);
        long v = bytes.get(I64, pos);
        pos += 8;
        return v;
    }

    private double f64BigEndian() {
        need(pos, 8);
        double v = bytes.get(F64_BIG_ENDIAN, pos);
        pos += 8;
        return v;
    }

    /** Reads {@code length} bytes after checking they exist, so a forged length cannot force a huge allocation. */
    private byte[] bytes(long at, long length) {
        if (length < 0) {
            throw error(at, "negative length " + length);
        }
        need(at, length);
        byte[] b = bytes.asSlice(pos, length).toArray(ValueLayout.JAVA_BYTE);
        pos += length;
        return b;
    }

    private String utf8(long at, long length) {
        return new String(bytes(at, length), StandardCharsets.UTF_8);
    }

    private static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    /** A newline-terminated ASCII line (GLOBAL's module and name). */
    private String line(long at) {
        StringBuilder s = new StringBuilder();
        while (true) {
            int c = u8();
            if (c == '\n') {
                return s.toString();
            }
            if (s.length() >= MAX_LINE || c < 0x20 || c > 0x7e) {
                throw error(at, "malformed GLOBAL name");
            }
            s.append((char) c);
        }
    }

    /** Pickle's little-endian two's-complement integers: a Long when it fits, else a BigInteger. */
    private static Object longOf(byte[] littleEndian) {
        if (littleEndian.length == 0) {
            return 0L;
        }
        byte[] bigEndian = new byte[littleEndian.length];
        for (int i = 0; i < bigEndian.length; i++) {
            bigEndian[i] = littleEndian[littleEndian.length - 1 - i];
        }
        BigInteger v = new BigInteger(bigEndian);
        return v.bitLength() < 64 ? (Object) v.longValue() : v;
    }

    private void need(long at, long length) {
        if (length > bytes.byteSize() - pos) {
            throw error(at, "pickle is truncated: needs " + length + " more bytes at offset " + pos + ", only "
                    + (bytes.byteSize() - pos) + " remain");
        }
    }

    private CheckpointException error(long at, String reason) {
        return new CheckpointException(file, reason + " (pickle offset " + at + ")");
    }

    /**
     * A short description for messages. It never calls toString or hashCode on containers: a hostile pickle can
     * build cyclic lists, whose toString would never end.
     */
    static String describe(Object o) {
        return switch (o) {
            case null -> "None";
            case String s -> "string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
            case Long l -> "integer " + l;
            case BigInteger b -> "integer " + (b.bitLength() > 128 ? "of " + b.bitLength() + " bits" : b);
            case Double d -> "float " + d;
            case Boolean b -> b ? "True" : "False";
            case Global g -> "global " + g;
            case byte[] b -> "bytes of length " + b.length;
            case ArrayList<?> l -> "list of " + l.size() + " items";
            case List<?> l -> "tuple of " + l.size() + " items";
            case Map<?, ?> m -> "dict of " + m.size() + " items";
            default -> o.getClass().getSimpleName();
        };
    }
}
