package dev.deberta4j.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Emits pickle opcodes by hand, so tests can build exactly the (hostile or unusual) pickles they need. */
final class PickleBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    PickleBuilder op(int opcode) {
        out.write(opcode);
        return this;
    }

    PickleBuilder proto() {
        return op(0x80).op(2);
    }

    PickleBuilder mark() {
        return op('(');
    }

    PickleBuilder global(String module, String name) {
        op('c');
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    PickleBuilder unicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op('X');
        le(b.length, 4);
        out.writeBytes(b);
        return this;
    }

    PickleBuilder shortUnicode(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        op(0x8c).op(b.length);
        out.writeBytes(b);
        return this;
    }

    /** BININT1, BININT2, BININT or LONG1 depending on the value. */
    PickleBuilder integer(long v) {
        if (v >= 0 && v < 256) {
            return op('K').op((int) v);
        }
        if (v >= 0 && v < 65536) {
            op('M');
            return le(v, 2);
        }
        if (v == (int) v) {
            op('J');
            return le(v, 4);
        }
        op(0x8a).op(8);                                   // LONG1, 8 bytes little-endian
        return le(v, 8);
    }

    /** A tuple of small ints, e.g. a size or stride. */
    PickleBuilder intTuple(long... values) {
        mark();
        for (long v : values) {
            integer(v);
        }
        return op('t');
    }

    PickleBuilder le(long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
        return this;
    }

    PickleBuilder raw(byte... b) {
        out.writeBytes(b);
        return this;
    }

    PickleBuilder stop() {
        return op('.');
    }

    /** {@code _rebuild_tensor_v2(storage, offset, size, stride, False, OrderedDict())} for a FloatStorage. */
    PickleBuilder floatTensor(String key, long storageNumel, long offset, long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().unicode("storage").global("torch", "FloatStorage").unicode(key).unicode("cpu").integer(storageNumel).op('t');
        op('Q');
        integer(offset).intTuple(size).intTuple(stride).op(0x89);
        global("collections", "OrderedDict").op(')').op('R');
        op('t');
        return op('R');
    }

    /**
     * A legacy (pre-1.6) tensor whose persistent id carries view metadata {@code (viewKey, viewOffset, viewSize)}:
     * the tensor's offset counts from the start of the view, not of the root storage.
     */
    PickleBuilder floatTensorOfView(String rootKey, long rootNumel, long viewOffset, long viewSize, long offset,
                                    long[] size, long[] stride) {
        global("torch._utils", "_rebuild_tensor_v2");
        mark();
        mark().unicode("storage").global("torch", "FloatStorage").unicode(rootKey).unicode("cpu").integer(rootNumel)
                .mark().unicode(rootKey + "-view").integer(viewOffset).integer(viewSize).op('t').op('t');
        op('Q');
        integer(offset).intTuple(size).intTuple(stride).op(0x89);
        global("collections", "OrderedDict").op(')').op('R');
        op('t');
        return op('R');
    }

    /** The legacy layout: magic, protocol, sys info and data pickles, the key list, then each storage with its count. */
    static byte[] legacyFile(byte[] dataPkl, String[] keys, float[][] storages) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new PickleBuilder().proto().op(0x8a).op(10).raw(new byte[] {
                0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19}).stop().bytes());
        out.writeBytes(new PickleBuilder().proto().integer(1001).stop().bytes());
        out.writeBytes(new PickleBuilder().proto().op('}').mark().unicode("little_endian").op(0x88).op('u').stop().bytes());
        out.writeBytes(dataPkl);
        PickleBuilder keyList = new PickleBuilder().proto().op(']').mark();
        for (String k : keys) {
            keyList.unicode(k);
        }
        out.writeBytes(keyList.op('e').stop().bytes());
        for (float[] storage : storages) {
            PickleBuilder data = new PickleBuilder().le(storage.length, 8);
            for (float v : storage) {
                data.le(Float.floatToRawIntBits(v), 4);
            }
            out.writeBytes(data.bytes());
        }
        return out.toByteArray();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    /** A torch-style zip: {@code archive/data.pkl} plus {@code archive/data/<key>} entries, all stored. */
    static byte[] torchZip(byte[] dataPkl, String[] keys, byte[][] storages) {
        return torchZip(dataPkl, keys, storages, false);
    }

    /** As {@link #torchZip(byte[], String[], byte[][])}, optionally deflating the storages as torch never does. */
    static byte[] torchZip(byte[] dataPkl, String[] keys, byte[][] storages, boolean deflateStorages) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            stored(zip, "archive/data.pkl", dataPkl);
            for (int i = 0; i < keys.length; i++) {
                if (deflateStorages) {
                    zip.putNextEntry(new ZipEntry("archive/data/" + keys[i]));
                    zip.write(storages[i]);
                    zip.closeEntry();
                } else {
                    stored(zip, "archive/data/" + keys[i], storages[i]);
                }
            }
            stored(zip, "archive/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws java.io.IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}
