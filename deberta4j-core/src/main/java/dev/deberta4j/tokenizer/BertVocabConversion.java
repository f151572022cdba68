package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code vocab.txt}-only BERT repository (BertTokenizer, ElectraTokenizer, DistilBertTokenizer) as the tokenizer.json
 * transformers' {@code BertConverter} makes of it, which is what {@code AutoTokenizer} loads: BertNormalizer
 * (clean_text; tokenize_chinese_chars; strip_accents, null = follow lowercasing; do_lower_case, default true as
 * BertTokenizer's), BertPreTokenizer, WordPiece ({@code ##}, 100 chars per word), {@code [CLS] A [SEP] (B [SEP])}
 * with type ids 0/1, WordPiece decoder; the five special tokens matched in raw text. {@code never_split} is ignored,
 * as the converted (fast) tokenizer ignores it.
 */
final class BertVocabConversion {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** tokenizer_class values that are BertTokenizer underneath (slow and fast). */
    static final Set<String> CLASSES = Set.of("BertTokenizer", "BertTokenizerFast", "ElectraTokenizer",
            "ElectraTokenizerFast", "DistilBertTokenizer", "DistilBertTokenizerFast");

    private BertVocabConversion() {}

    /** The tokenizer.json tree for {@code vocabTxt} under {@code config}. */
    static ObjectNode tokenizerJson(Path vocabTxt, TokenizerConfig config) {
        String cls = config.tokenizerClass();
        if (cls != null && !CLASSES.contains(cls)) {
            throw new TokenizerFormatException(vocabTxt + ": tokenizer_config.json names tokenizer_class " + cls
                    + ", which is not a BertTokenizer; vocab.txt is read only for " + new java.util.TreeSet<>(CLASSES));
        }
        Map<String, Integer> vocab = readVocab(vocabTxt);
        boolean lowercase = config.lowerCase(true);
        ObjectNode root = TokenizerJsonWriter.root();
        ArrayNode added = (ArrayNode) root.get("added_tokens");
        List<String> specials = new ArrayList<>();
        // transformers' SPECIAL_TOKENS_ATTRIBUTES order, which numbers tokens missing from vocab.txt
        for (String s : List.of(config.unkToken(), config.sepToken(), config.padToken(), config.clsToken(),
                config.maskToken())) {
            if (!specials.contains(s)) specials.add(s);
        }
        int next = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        for (String s : specials) {
            Integer id = vocab.get(s);
            added.addObject().put("id", id != null ? id : next++).put("content", s).put("single_word", false).put("lstrip", false).put("rstrip", false)
                    .put("normalized", false).put("special", true);
        }
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "BertNormalizer").put("clean_text", true)
                .put("handle_chinese_chars", config.tokenizeChineseChars());
        if (config.stripAccents() == null) normalizer.putNull("strip_accents");
        else normalizer.put("strip_accents", config.stripAccents());
        normalizer.put("lowercase", lowercase);
        root.putObject("pre_tokenizer").put("type", "BertPreTokenizer");
        String clsToken = config.clsToken();
        String sepToken = config.sepToken();
        Integer clsId = vocab.get(clsToken);
        Integer sepId = vocab.get(sepToken);
        if (clsId == null || sepId == null) {
            throw new TokenizerFormatException(vocabTxt + ": the special tokens " + clsToken + "/" + sepToken
                    + " are not in the vocabulary");
        }
        root.set("post_processor", TokenizerJsonWriter.bertTemplate(clsToken, clsId, sepToken, sepId));
        root.putObject("decoder").put("type", "WordPiece").put("prefix", "##").put("cleanup", true);
        ObjectNode model = root.putObject("model");
        model.put("type", "WordPiece").put("unk_token", config.unkToken()).put("continuing_subword_prefix", "##")
                .put("max_input_chars_per_word", 100);
        ObjectNode v = model.putObject("vocab");
        vocab.forEach(v::put);
        return root;
    }

    /**
     * transformers' {@code load_vocab}: one token per line (Python's universal newlines: \n, \r\n or \r end a line),
     * id = line number; a repeated token keeps its last line number.
     */
    static Map<String, Integer> readVocab(Path vocabTxt) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(vocabTxt))).toString();
        } catch (CharacterCodingException e) {
            throw new TokenizerFormatException(vocabTxt + ": not valid UTF-8", e);
        } catch (IOException e) {
            throw new TokenizerFormatException(vocabTxt + ": cannot read: " + e.getMessage(), e);
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        int id = 0;
        int start = 0;
        int n = text.length();
        while (start < n) {
            int end = start;
            while (end < n && text.charAt(end) != '\n' && text.charAt(end) != '\r') end++;
            vocab.put(text.substring(start, end), id++);
            if (end < n && text.charAt(end) == '\r' && end + 1 < n && text.charAt(end + 1) == '\n') end++;
            start = end + 1;
        }
        if (vocab.isEmpty()) throw new TokenizerFormatException(vocabTxt + ": empty vocabulary");
        return vocab;
    }
}
