package dev.deberta4j.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Maps byte-level chars back to bytes and decodes them as UTF-8 (invalid sequences become U+FFFD). */
record ByteLevelDecoder() implements Decoder {
    @Override public List<String> decodeChain(List<String> tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String t : tokens) {
            int[] cps = t.codePoints().toArray();
            boolean all = true;
            for (int c : cps) all &= ByteLevelAlphabet.byteOf(c) >= 0;
            if (all) {
                for (int c : cps) bytes.write(ByteLevelAlphabet.byteOf(c));
            } else {
                bytes.writeBytes(t.getBytes(StandardCharsets.UTF_8));
            }
        }
        return List.of(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
    }
}
