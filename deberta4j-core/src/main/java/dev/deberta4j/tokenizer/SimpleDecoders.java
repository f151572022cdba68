package dev.deberta4j.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small HF decoders: Fuse, Strip, Replace, ByteFallback. */
final class SimpleDecoders {
    private SimpleDecoders() {}

    /** Concatenates all tokens into one. */
    record Fuse() implements Decoder {
        @Override public List<String> decodeChain(List<String> tokens) {
            return List.of(String.join("", tokens));
        }
    }

    /** Removes up to {@code start}/{@code stop} occurrences of {@code content} at each token's ends. */
    record Strip(int content, int start, int stop) implements Decoder {
        @Override public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                int[] cps = t.codePoints().toArray();
                int from = 0;
                int to = cps.length;
                for (int i = 0; i < start && from < to && cps[from] == content; i++) from++;
                for (int i = 0; i < stop && to > from && cps[to - 1] == content; i++) to--;
                out.add(new String(cps, from, to - from));
            }
            return out;
        }
    }

    /** Replaces a pattern in every token. */
    record Replace(TextPattern pattern, String content) implements Decoder {
        @Override public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            for (String t : tokens) {
                NormalizedText text = NormalizedText.of(t.codePoints().toArray());
                new ReplaceNormalizer(pattern, content).normalize(text);
                out.add(text.toString());
            }
            return out;
        }
    }

    /** Turns runs of {@code <0xNN>} tokens back into UTF-8 text (invalid bytes: one U+FFFD per byte). */
    record ByteFallback() implements Decoder {
        @Override public List<String> decodeChain(List<String> tokens) {
            List<String> out = new ArrayList<>(tokens.size());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int pending = 0;
            for (String t : tokens) {
                int b = byteOf(t);
                if (b >= 0) {
                    bytes.write(b);
                    pending++;
                    continue;
                }
                flush(bytes, pending, out);
                pending = 0;
                out.add(t);
            }
            flush(bytes, pending, out);
            return out;
        }

        private static void flush(ByteArrayOutputStream bytes, int count, List<String> out) {
            if (count == 0) return;
            byte[] b = bytes.toByteArray();
            bytes.reset();
            var decoder = StandardCharsets.UTF_8.newDecoder();
            try {
                out.add(decoder.decode(java.nio.ByteBuffer.wrap(b)).toString());
            } catch (java.nio.charset.CharacterCodingException e) {
                for (int i = 0; i < count; i++) out.add("\uFFFD");
            }
        }

        private static int byteOf(String t) {
            if (t.length() != 6 || !t.startsWith("<0x") || t.charAt(5) != '>') return -1;
            try {
                return Integer.parseInt(t.substring(3, 5), 16);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
