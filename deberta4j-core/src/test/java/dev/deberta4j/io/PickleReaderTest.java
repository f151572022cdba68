package dev.deberta4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PickleReaderTest {
    private static final Path FILE = Path.of("test.pkl");

    /** Hooks that allow one global, record calls and persistent ids, and accept BUILD on anything. */
    private static final class Recording implements PickleReader.Hooks {
        final List<String> calls = new ArrayList<>();

        @Override
        public boolean allowsGlobal(String qualifiedName) {
            return qualifiedName.equals("collections.OrderedDict");
        }

        @Override
        public Object reduce(PickleReader.Global callable, List<Object> args) {
            calls.add(callable + args.toString());
            return new java.util.LinkedHashMap<>();
        }

        @Override
        public Object persistentLoad(Object pid) {
            return "pid:" + pid;
        }

        @Override
        public void build(Object target, Object state) {
            calls.add("build " + state);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static Object load(byte[] pickle) {
        return load(pickle, new Recording());
    }

    private static Object load(byte[] pickle, PickleReader.Hooks hooks) {
        return new PickleReader(FILE, MemorySegment.ofArray(pickle), 0, hooks).load();
    }

    @Test
    void integersOfEveryWidth() {
        PickleBuilder b = new PickleBuilder().proto().mark()
                .integer(7).integer(300).integer(-5).integer(100_000)
                .op(0x8a).op(0)                                               // LONG1 0
                .op(0x8a).op(2).raw((byte) 0x00, (byte) 0x80)                 // LONG1 -32768
                .op(0x8a).op(9).raw((byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 0, (byte) 1) // 2^64
                .op(0x8b).le(1, 4).raw((byte) 0xff)                           // LONG4 -1
                .op('l').stop();
        assertThat(list(load(b.bytes()))).containsExactly(7L, 300L, -5L, 100_000L, 0L, -32768L,
                BigInteger.ONE.shiftLeft(64), -1L);
    }

    @Test
    void scalarsStringsAndBytes() {
        PickleBuilder b = new PickleBuilder().proto().mark()
                .op('G').raw(new byte[] {0x3f, (byte) 0xf8, 0, 0, 0, 0, 0, 0})  // BINFLOAT 1.5 (big-endian)
                .op('N').op(0x88).op(0x89)
                .unicode("héllo").shortUnicode("κ")
                .op(0x8d).le(2, 8).raw((byte) 'o', (byte) 'k')                  // BINUNICODE8
                .op('U').op(2).raw((byte) 'p', (byte) 0xe9)                     // SHORT_BINSTRING, latin-1
                .op('C').op(3).raw((byte) 1, (byte) 2, (byte) 3)                // SHORT_BINBYTES
                .op('t').stop();
        List<Object> t = list(load(b.bytes()));
        assertThat(t).hasSize(9);
        assertThat(t.get(0)).isEqualTo(1.5);
        assertThat(t.subList(1, 4)).containsExactly(null, true, false);
        assertThat(t.subList(4, 8)).containsExactly("héllo", "κ", "ok", "pé");
        assertThat((byte[]) t.get(8)).containsExactly(1, 2, 3);
    }

    @Test
    void containersMemoAndFrames() {
        PickleBuilder b = new PickleBuilder().proto()
                .op(0x95).le(64, 8)                                             // FRAME
                .op('}').op(0x94)                                               // {} memo 0
                .shortUnicode("list").op(']').op('q').op(1)                     // [] memo 1
                .integer(1).op('a').mark().integer(2).integer(3).op('e')        // list = [1, 2, 3]
                .op('s')                                                        // d["list"] = list
                .mark().shortUnicode("same").op('h').op(1)                      // BINGET 1
                .shortUnicode("pair").integer(4).integer(5).op(0x86)
                .shortUnicode("dup").op(')').op('2').op(0x86)                   // ((), ()) via DUP
                .op('u')
                .mark().integer(9).op('1')                                      // POP_MARK discards
                .integer(8).op('0')                                             // POP discards
                .stop();
        @SuppressWarnings("unchecked")
        Map<Object, Object> d = (Map<Object, Object>) load(b.bytes());
        assertThat(d).containsOnlyKeys("list", "same", "pair", "dup");
        assertThat(d.get("list")).isEqualTo(List.of(1L, 2L, 3L)).isSameAs(d.get("same"));
        assertThat(d.get("pair")).isEqualTo(List.of(4L, 5L));
        assertThat(d.get("dup")).isEqualTo(List.of(List.of(), List.of()));
    }

    @Test
    void allowedGlobalsGoThroughTheHooks() {
        Recording hooks = new Recording();
        PickleBuilder ok = new PickleBuilder().proto()
                .shortUnicode("collections").shortUnicode("OrderedDict").op(0x93)   // STACK_GLOBAL
                .op(')').op('R')
                .op('}').shortUnicode("_metadata").integer(1).op('s').op('b')      // BUILD with a state dict
                .shortUnicode("k").mark().shortUnicode("pid").op('t').op('Q').op('s').stop();
        Object result = load(ok.bytes(), hooks);
        assertThat(hooks.calls).containsExactly("collections.OrderedDict[]", "build {_metadata=1}");
        assertThat(result).isEqualTo(Map.of("k", "pid:[pid]"));
    }

    /** A list that contains itself (via the memo) must not send hashing or messages into endless recursion. */
    @Test
    void cyclicContainersAreHandledWithoutRecursion() {
        byte[] cycleAsKey = new PickleBuilder().proto().op('}')
                .op(']').op('q').op(0).op('h').op(0).op('a')     // l = []; l.append(l)
                .integer(1).op('s').stop().bytes();              // d[l] = 1
        assertThatThrownBy(() -> load(cycleAsKey))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("test.pkl: unsupported dict key: list of 1 items (only strings and numbers are accepted) (pickle offset 11)");
        // a = []; b = [a]; a.append(b): a cycle through two lists, passed inside a persistent id
        byte[] cycleAsPid = new PickleBuilder().proto().op(']').op('q').op(0).op(']').op('h').op(0).op('a').op('a')
                .mark().shortUnicode("storage").op('h').op(0).integer(1).integer(2).integer(3).op('t').bytes();
        PickleReader.Hooks torch = new TorchPickle(FILE);
        byte[] withPid = Arrays.copyOf(cycleAsPid, cycleAsPid.length + 2);
        withPid[cycleAsPid.length] = 'Q';
        withPid[cycleAsPid.length + 1] = '.';
        assertThatThrownBy(() -> load(withPid, torch))
                .hasMessage("test.pkl: unsupported storage type list of 1 items (supported: typed storages such as torch.FloatStorage)");
    }

    @Test
    void malformedPicklesFailWithTheirOffset() {
        assertThatThrownBy(() -> load(new PickleBuilder().proto().op('h').op(3).stop().bytes()))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("test.pkl: memo key 3 is read before it is written (pickle offset 2)");
        assertThatThrownBy(() -> load(new PickleBuilder().proto().integer(1).integer(2).stop().bytes()))
                .hasMessage("test.pkl: STOP with 1 objects left on the stack (pickle offset 6)");
        assertThatThrownBy(() -> load(new PickleBuilder().proto().op('t').stop().bytes()))
                .hasMessage("test.pkl: no MARK on the stack (pickle offset 2)");
        assertThatThrownBy(() -> load(new PickleBuilder().proto().op('X').le(1_000_000_000, 4).raw((byte) 'a').bytes()))
                .hasMessage("test.pkl: pickle is truncated: needs 1000000000 more bytes at offset 7, only 1 remain (pickle offset 2)");
        assertThatThrownBy(() -> load(new PickleBuilder().proto().integer(1).bytes()))
                .hasMessage("test.pkl: pickle is truncated: needs 1 more bytes at offset 4, only 0 remain (pickle offset 4)");
        assertThatThrownBy(() -> load(new PickleBuilder().proto().integer(1).integer(2).op('R').stop().bytes()))
                .hasMessage("test.pkl: REDUCE on integer 1, which is not an allowed global (pickle offset 6)");
        assertThatThrownBy(() -> load(new PickleBuilder().proto().mark().integer(1).op('d').stop().bytes()))
                .hasMessage("test.pkl: odd number of items (1) for a dict (pickle offset 5)");
        assertThatThrownBy(() -> load(new PickleBuilder().proto().integer(1).integer(2).op('a').stop().bytes()))
                .hasMessage("test.pkl: APPEND to integer 1, which is not a list (pickle offset 6)");
    }
}
