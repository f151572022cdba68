package dev.deberta4j.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-built hostile pickles: each must be refused at its GLOBAL, before any REDUCE, and nothing may run. The
 * commands would create a marker file if they were ever executed.
 */
class MaliciousPickleTest {
    @TempDir
    Path dir;

    private Path marker() {
        return dir.resolve("pwned");
    }

    /** {@code module.name("touch <marker>")} as pickle protocol 2, the classic payload. */
    private byte[] callWithCommand(String module, String name) {
        return new PickleBuilder().proto().global(module, name)
                .mark().unicode("touch " + marker()).op('t').op('R').stop().bytes();
    }

    private Path legacyFile(byte[] payload) throws IOException {
        Path p = dir.resolve("pytorch_model.bin");
        Files.write(p, payload);
        return p;
    }

    @Test
    void osSystemIsRefused() throws IOException {
        Path p = legacyFile(callWithCommand("os", "system"));
        assertThatThrownBy(() -> TorchCheckpoint.open(p))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(p + ": refusing to load global os.system (only tensor storage records are allowed) (pickle offset 2)");
        assertThat(marker()).doesNotExist();
    }

    @Test
    void posixSystemAndBuiltinsEvalAreRefused() throws IOException {
        Path p = legacyFile(callWithCommand("posix", "system"));
        assertThatThrownBy(() -> TorchCheckpoint.open(p)).hasMessageContaining("refusing to load global posix.system");
        byte[] eval = new PickleBuilder().proto().shortUnicode("builtins").shortUnicode("eval").op(0x93)
                .mark().unicode("__import__('os').system('touch " + marker() + "')").op('t').op('R').stop().bytes();
        Path q = legacyFile(eval);
        assertThatThrownBy(() -> TorchCheckpoint.open(q))
                .hasMessage(q + ": refusing to load global builtins.eval (only tensor storage records are allowed) (pickle offset 18)");
        assertThat(marker()).doesNotExist();
    }

    /** The legacy magic pickle passes, then the data pickle tries to run a command: still refused. */
    @Test
    void payloadInsideTheLegacyDataPickleIsRefused() throws IOException {
        byte[] magic = new PickleBuilder().proto().op(0x8a).op(10).raw(new byte[] {
                0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19}).stop().bytes();
        byte[] version = new PickleBuilder().proto().integer(1001).stop().bytes();
        byte[] sysInfo = new PickleBuilder().proto().op('}').mark().unicode("little_endian").op(0x88).op('u').stop().bytes();
        byte[] payload = callWithCommand("subprocess", "check_output");
        Path p = legacyFile(concat(magic, version, sysInfo, payload));
        assertThatThrownBy(() -> TorchCheckpoint.open(p))
                .hasMessageContaining("refusing to load global subprocess.check_output (only tensor storage records are allowed)");
        assertThat(marker()).doesNotExist();
    }

    @Test
    void zipWhoseDataPickleCallsSubprocessIsRefused() throws IOException {
        byte[] pkl = new PickleBuilder().proto().op('}').mark().unicode("w")
                .global("subprocess", "Popen").mark().unicode("touch " + marker()).op('t').op('R')
                .op('u').stop().bytes();
        Path p = dir.resolve("pytorch_model.bin");
        Files.write(p, PickleBuilder.torchZip(pkl, new String[0], new byte[0][]));
        assertThatThrownBy(() -> TorchCheckpoint.open(p))
                .isInstanceOf(CheckpointException.class)
                .hasMessage(p + ": refusing to load global subprocess.Popen (only tensor storage records are allowed) (pickle offset 10)");
        assertThat(marker()).doesNotExist();
    }

    /** torch.storage._load_from_bytes would unpickle nested bytes with the full unpickler: refused too. */
    @Test
    void nestedUnpicklingIsRefused() throws IOException {
        byte[] pkl = new PickleBuilder().proto().op('}').mark().unicode("w")
                .global("torch.storage", "_load_from_bytes").mark().op('C').op(1).op('.').op('t').op('R')
                .op('u').stop().bytes();
        Path p = dir.resolve("pytorch_model.bin");
        Files.write(p, PickleBuilder.torchZip(pkl, new String[0], new byte[0][]));
        assertThatThrownBy(() -> TorchCheckpoint.open(p))
                .hasMessageContaining("refusing to load global torch.storage._load_from_bytes");
    }

    /** Opcodes that instantiate classes directly are not implemented at all. */
    @Test
    void objectConstructionOpcodesAreRefused() throws IOException {
        byte[] newobj = new PickleBuilder().proto().global("torch", "FloatStorage").op(')').op(0x81).stop().bytes();
        Path p = dir.resolve("pytorch_model.bin");
        Files.write(p, PickleBuilder.torchZip(newobj, new String[0], new byte[0][]));
        assertThatThrownBy(() -> TorchCheckpoint.open(p))
                .hasMessage(p + ": unsupported pickle opcode 0x81 (only the opcodes torch.save emits are implemented)"
                        + " (pickle offset 23)");
        byte[] inst = new PickleBuilder().proto().mark().raw("ios\nsystem\n".getBytes()).stop().bytes();
        Files.write(p, PickleBuilder.torchZip(inst, new String[0], new byte[0][]));
        assertThatThrownBy(() -> TorchCheckpoint.open(p)).hasMessageContaining("unsupported pickle opcode 0x69 ('i')");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
