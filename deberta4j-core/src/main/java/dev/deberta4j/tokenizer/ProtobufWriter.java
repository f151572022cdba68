package dev.deberta4j.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A minimal protocol-buffers wire-format writer, the counterpart of {@link ProtobufReader}. */
final class ProtobufWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    ProtobufWriter varint(int field, long value) {
        tag(field, ProtobufReader.VARINT);
        rawVarint(value);
        return this;
    }

    /** An int32 field: negative values are sign-extended to ten bytes, as protobuf encodes them. */
    ProtobufWriter int32(int field, int value) {
        return varint(field, value);
    }

    ProtobufWriter bool(int field, boolean value) {
        return varint(field, value ? 1 : 0);
    }

    ProtobufWriter float32(int field, float value) {
        tag(field, ProtobufReader.FIXED32);
        int bits = Float.floatToIntBits(value);
        for (int i = 0; i < 4; i++) out.write(bits >>> (8 * i) & 0xFF);
        return this;
    }

    ProtobufWriter bytes(int field, byte[] value) {
        tag(field, ProtobufReader.LENGTH_DELIMITED);
        rawVarint(value.length);
        out.writeBytes(value);
        return this;
    }

    ProtobufWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    ProtobufWriter message(int field, ProtobufWriter message) {
        return bytes(field, message.toByteArray());
    }

    byte[] toByteArray() { return out.toByteArray(); }

    private void tag(int field, int wireType) {
        rawVarint((long) field << 3 | wireType);
    }

    private void rawVarint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.write((int) value);
    }
}
