package dev.deberta4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.deberta4j.tokenizer.EncodeOptions;
import dev.deberta4j.tokenizer.Encoding;
import dev.deberta4j.tokenizer.Tokenizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code deberta4j tokenize}: encodes JSON lines ({@code text}, optional {@code text_pair}) into JSON lines with
 * {@code input_ids}, {@code tokens}, {@code offsets}, {@code attention_mask}, {@code token_type_ids}.
 */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Tokenize JSON lines ({\"text\": ..., \"text_pair\": ...}) exactly like Hugging Face tokenizers.")
public final class TokenizeCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Option(names = "--tokenizer", required = true, description = "Directory (tokenizer.json, spm.model, sentencepiece.bpe.model or vocab.txt) or file.")
    Path tokenizer;

    @Option(names = "--input", description = "JSON lines to read; stdin when absent (JSON lines, or one plain text per line).")
    Path input;

    @Option(names = "--output", description = "Where to write JSON lines; stdout when absent.")
    Path output;

    @Option(names = "--pair", description = "Require a text_pair in every input line.")
    boolean pair;

    @Option(names = "--max-length", description = "Truncate to this many tokens, special tokens included.")
    Integer maxLength;

    @Option(names = "--truncation", defaultValue = "longest_first",
            description = "longest_first, only_first or only_second (with --max-length). Default: ${DEFAULT-VALUE}.")
    String truncation;

    @Option(names = "--stride", defaultValue = "0", description = "Overlap of overflowing windows (with --max-length).")
    int stride;

    @Spec CommandSpec spec;

    @Override public Integer call() throws IOException {   // failures: one line from Main's handler
        Tokenizer tok = Tokenizer.load(tokenizer);
        EncodeOptions options = EncodeOptions.defaults();
        if (maxLength != null) {
            options = options.withTruncation(new EncodeOptions.Truncation(strategy(truncation), maxLength, stride,
                    EncodeOptions.Side.RIGHT));
        }
        try (java.io.InputStream in = new java.io.BufferedInputStream(
                input == null ? System.in : Files.newInputStream(input));
             Writer file = output == null ? null : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
            Writer out = file != null ? file : spec.commandLine().getOut();
            String source = input == null ? "stdin" : input.toString();
            String line;
            int number = 0;
            while ((line = readLine(in, source, number + 1)) != null) {
                number++;
                if (line.isBlank()) continue;
                String[] texts = parse(line, source, number, input == null);
                Encoding e = tok.encode(texts[0], texts[1], options);
                out.write(MAPPER.writeValueAsString(toJson(e)));
                out.write('\n');
            }
            out.flush();
        }
        return 0;
    }

    /**
     * One line, decoded strictly as UTF-8 on its own so a bad byte is reported with its line number (a Reader
     * would decode ahead, or replace bad bytes with U+FFFD on stdin). Null at the end of the input.
     */
    private static String readLine(java.io.InputStream in, String source, int number) throws IOException {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') line.write(b);
        if (b < 0 && line.size() == 0) return null;
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(source + ":" + number + ": not valid UTF-8 (" + e.getMessage() + ")");
        }
    }

    private String[] parse(String line, String source, int number, boolean plainTextAllowed) {
        if (plainTextAllowed && !line.stripLeading().startsWith("{")) {
            if (pair) throw new IllegalArgumentException(source + ":" + number + ": --pair needs JSON lines with text_pair");
            return new String[]{line, null};
        }
        JsonNode n;
        try {
            n = MAPPER.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ":" + number + ": not a JSON object: " + e.getMessage());
        }
        if (n == null || !n.isObject() || !n.has("text") || !n.get("text").isTextual()) {
            throw new IllegalArgumentException(source + ":" + number + ": expected an object with a string \"text\"");
        }
        JsonNode p = n.get("text_pair");
        if (p != null && !p.isNull() && !p.isTextual()) {
            throw new IllegalArgumentException(source + ":" + number + ": \"text_pair\" must be a string");
        }
        String pairText = p == null || p.isNull() ? null : p.textValue();
        if (pair && pairText == null) {
            throw new IllegalArgumentException(source + ":" + number + ": --pair given but the line has no \"text_pair\"");
        }
        return new String[]{n.get("text").textValue(), pairText};
    }

    static EncodeOptions.TruncationStrategy strategy(String name) {
        return switch (name) {
            case "longest_first" -> EncodeOptions.TruncationStrategy.LONGEST_FIRST;
            case "only_first" -> EncodeOptions.TruncationStrategy.ONLY_FIRST;
            case "only_second" -> EncodeOptions.TruncationStrategy.ONLY_SECOND;
            default -> throw new IllegalArgumentException("--truncation: expected longest_first, only_first or "
                    + "only_second, found '" + name + "'");
        };
    }

    static ObjectNode toJson(Encoding e) {
        ObjectNode o = MAPPER.createObjectNode();
        ArrayNode ids = o.putArray("input_ids");
        for (int id : e.ids()) ids.add(id);
        ArrayNode tokens = o.putArray("tokens");
        for (String t : e.tokens()) tokens.add(t);
        ArrayNode offsets = o.putArray("offsets");
        for (int i = 0; i < e.length(); i++) offsets.addArray().add(e.start(i)).add(e.end(i));
        ArrayNode attention = o.putArray("attention_mask");
        for (int a : e.attentionMask()) attention.add(a);
        ArrayNode types = o.putArray("token_type_ids");
        for (int t : e.typeIds()) types.add(t);
        return o;
    }
}
