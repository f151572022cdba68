package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * Writes the tokenizer.json that transformers' DebertaV2Converter produces from a SentencePiece model (tokenizers
 * &ge; 0.19 serialization), plus tokenizer_config.json and special_tokens_map.json.
 */
public final class TokenizerJsonWriter {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final java.util.Set<String> BERT_CLASSES = BertVocabConversion.CLASSES;
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerJsonWriter() {}

    /** Converts {@code spmModel} (with the config of its directory, if any) into {@code outputDir}. */
    public static void convertSentencePiece(Path spmModel, Path outputDir) {
        Path parent = spmModel.toAbsolutePath().getParent();
        TokenizerConfig config = parent == null ? TokenizerConfig.defaults() : TokenizerConfig.read(parent);
        ObjectNode json = debertaV2(SentencePieceModel.read(spmModel), config);
        write(outputDir, json, config, "DebertaV2Tokenizer");
    }

    /**
     * Converts a tokenizer published without a tokenizer.json into {@code outputDir}: a {@code vocab.txt} (BERT,
     * ELECTRA, DistilBERT) or an XLM-RoBERTa SentencePiece model, with the configs of its directory; a DeBERTa
     * {@code spm.model} goes through {@link #convertSentencePiece}.
     */
    public static void convert(Path file, Path outputDir) {
        String name = file.getFileName().toString();
        Path parent = file.toAbsolutePath().getParent();
        Tokenizer.Converted c = name.equals("vocab.txt") || name.endsWith(".model")
                ? Tokenizer.convert(file, parent) : null;
        if (c == null && name.endsWith(".model")) {
            convertSentencePiece(file, outputDir);
            return;
        }
        if (c == null) {
            throw new TokenizerFormatException(file + ": expected a vocab.txt or a SentencePiece .model file");
        }
        write(outputDir, c.tokenizerJson(), c.config(), c.tokenizerClass());
    }

    /**
     * The {@code tokenizer_class} of the tokenizers deberta4j trains. transformers 5 builds a DebertaV2Tokenizer's
     * pipeline in code (Replace(/\s{2,}|[\n\r\t]/), NFC, right strip) and takes only the vocabulary from
     * tokenizer.json, which would give other ids than the ones a model was trained on for decomposed Hangul,
     * combining marks, CJK compatibility ideographs, tabs and non-ASCII whitespace; PreTrainedTokenizerFast reads
     * tokenizer.json as written, in transformers 4 and 5 alike, with or without {@code use_fast}.
     */
    public static final String TRAINED_CLASS = "PreTrainedTokenizerFast";

    /**
     * Writes a trained Unigram vocabulary as {@code spm.model} (identity normalizer: the text is only stripped and
     * its runs of spaces collapsed) and the tokenizer.json that converting that spm.model gives, plus the configs.
     * {@code control} pieces are special (CONTROL type; the config's mask token is USER_DEFINED as DeBERTa-V3's
     * conversions have it); {@code unk} is the UNKNOWN piece.
     */
    public static void writeUnigram(Path outputDir, List<String> pieces, double[] scores, java.util.Set<String> control,
                                    String unk, int maxPieceLength, TokenizerConfig config) {
        List<SentencePieceModel.Piece> list = new java.util.ArrayList<>(pieces.size());
        int unkId = -1;
        for (int i = 0; i < pieces.size(); i++) {
            String p = pieces.get(i);
            int type = p.equals(unk) ? SentencePieceModel.TYPE_UNKNOWN
                    : p.equals(config.maskToken()) ? SentencePieceModel.TYPE_USER_DEFINED
                    : control.contains(p) ? SentencePieceModel.TYPE_CONTROL : SentencePieceModel.TYPE_NORMAL;
            if (type == SentencePieceModel.TYPE_UNKNOWN) unkId = i;
            list.add(new SentencePieceModel.Piece(p, type == SentencePieceModel.TYPE_NORMAL ? (float) scores[i] : 0f, type));
        }
        if (unkId < 0) throw new IllegalArgumentException("the unknown piece " + unk + " is not in the vocabulary");
        SentencePieceModel spm = new SentencePieceModel(List.copyOf(list), SentencePieceModel.MODEL_UNIGRAM, unkId, false,
                "identity", new byte[0], true, true);
        byte[] model = spm.toBytes(maxPieceLength, unk, config.clsToken(), config.sepToken(), config.padToken());
        // Read back what was written, so tokenizer.json is by construction the conversion of the spm.model.
        write(outputDir, debertaV2(SentencePieceModel.parse(model, "spm.model"), config), config, TRAINED_CLASS);
        writeAtomically(outputDir.resolve("spm.model"), model);
    }

    /**
     * Rewrites tokenizer.json, tokenizer_config.json and special_tokens_map.json of a Unigram tokenizer that
     * {@link #writeUnigram} wrote, from its spm.model and configs: pieces, scores and ids stay as they are, the
     * metadata becomes what {@link #writeUnigram} writes today.
     */
    public static void rewriteUnigram(Path dir) {
        TokenizerConfig config = TokenizerConfig.read(dir);
        write(dir, debertaV2(SentencePieceModel.read(dir.resolve("spm.model")), config), config, TRAINED_CLASS);
    }

    /** Writes {@code tokenizerJson} with tokenizer_config.json and special_tokens_map.json, each file atomically. */
    public static void write(Path outputDir, ObjectNode tokenizerJson, TokenizerConfig config, String tokenizerClass) {
        try {
            Files.createDirectories(outputDir);
            writeAtomically(outputDir.resolve("tokenizer.json"), MAPPER.writeValueAsBytes(tokenizerJson));
            writeAtomically(outputDir.resolve("tokenizer_config.json"),
                    MAPPER.writeValueAsBytes(tokenizerConfig(config, tokenizerClass)));
            writeAtomically(outputDir.resolve("special_tokens_map.json"), MAPPER.writeValueAsBytes(specialTokensMap(config)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tokenizer files to " + outputDir + ": " + dev.deberta4j.io.IoErrors.describe(e), e);
        }
    }

    /** Temp file then rename: a reader never sees a half-written file. */
    private static void writeAtomically(Path file, byte[] bytes) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(tmp, bytes);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write: " + e.getMessage(), e);
        }
    }

    /** The tokenizer.json tree for a DeBERTa-V2/V3 SentencePiece model. */
    static ObjectNode debertaV2(SentencePieceModel spm, TokenizerConfig config) {
        Pipeline pipeline = DebertaV2Conversion.pipeline(spm, config);
        ObjectNode root = root();
        ArrayNode added = (ArrayNode) root.get("added_tokens");
        List<AddedToken> tokens = new java.util.ArrayList<>(pipeline.addedVocabulary().tokens());
        tokens.sort(java.util.Comparator.comparingInt(t -> pipeline.addedVocabulary().idOf(t.content())));
        for (AddedToken t : tokens) {
            ObjectNode a = added.addObject();
            a.put("id", pipeline.addedVocabulary().idOf(t.content()));
            a.put("content", t.content());
            a.put("single_word", t.singleWord());
            a.put("lstrip", t.lstrip());
            a.put("rstrip", t.rstrip());
            a.put("normalized", t.normalized());
            a.put("special", t.special());
        }
        root.set("normalizer", debertaV2Normalizer(config.lowerCase(false), spm.precompiledCharsmap()));
        root.set("pre_tokenizer", debertaV2PreTokenizer(config.splitByPunct()));

        String cls = config.clsToken();
        String sep = config.sepToken();
        root.set("post_processor", bertTemplate(cls, idOf(pipeline, cls), sep, idOf(pipeline, sep)));
        root.set("decoder", metaspace());

        ObjectNode model = root.putObject("model");
        model.put("type", "Unigram");
        model.put("unk_id", spm.unkId());
        ArrayNode vocab = model.putArray("vocab");
        for (SentencePieceModel.Piece p : spm.pieces()) {
            vocab.addArray().add(p.piece()).add(new DecimalNode(exactDecimal(p.score())));
        }
        model.put("byte_fallback", spm.byteFallback());
        return root;
    }

    /** 10^0 .. 10^22, the powers of ten a double holds exactly (serde_json's table starts with them). */
    private static final double[] POW10 = java.util.stream.IntStream.rangeClosed(0, 22)
            .mapToDouble(k -> Double.parseDouble("1e" + k)).toArray();

    /**
     * {@code v} as a decimal M&middot;10<sup>-k</sup> (k &le; 22, M &lt; 2<sup>64</sup>, smallest k first) that
     * reads back as {@code v} in every JSON reader: one that rounds correctly, and serde_json's default one in the
     * Rust tokenizers library, which computes (M as f64) / 10<sup>k</sup> and so misreads by one ulp about a
     * quarter of the float32 scores printed shortest (the Viterbi path among segmentations that tie in exact
     * arithmetic, such as ㅋㅋ+ㅋㅋㅋ and ㅋㅋㅋ+ㅋㅋ, then depends on that bit). For a fraction of a percent of
     * values none exists below 2<sup>64</sup>; those are printed shortest.
     */
    static BigDecimal exactDecimal(double v) {
        if (v == 0 || !Double.isFinite(v)) return BigDecimal.valueOf(v);
        double a = Math.abs(v);
        BigDecimal exact = new BigDecimal(a);
        BigDecimal two = BigDecimal.valueOf(2);
        BigDecimal lo = exact.add(new BigDecimal(Math.nextDown(a))).divide(two);   // both bounds exact, excluded
        BigDecimal hi = exact.add(new BigDecimal(Math.nextUp(a))).divide(two);
        for (int k = 0; k < POW10.length; k++) {
            BigInteger min = lo.scaleByPowerOfTen(k).setScale(0, RoundingMode.FLOOR).toBigInteger().add(BigInteger.ONE);
            BigInteger max = hi.scaleByPowerOfTen(k).setScale(0, RoundingMode.CEILING).toBigInteger().subtract(BigInteger.ONE);
            if (max.bitLength() > 64) break;   // serde_json reads M into a u64
            long first = min.longValue();
            long last = max.subtract(min).bitLength() > 12 ? first + 4096 : max.longValue();   // > doubles' spacing
            for (long m = first; Long.compareUnsigned(m, last) <= 0; m++) {
                // u64 as f64, correctly rounded (halved with a sticky bit at and above 2^63)
                double unsigned = m >= 0 ? (double) m : (double) ((m >>> 1) | (m & 1)) * 2;
                if (unsigned / POW10[k] == a) {   // serde_json's reading
                    BigDecimal d = new BigDecimal(new BigInteger(Long.toUnsignedString(m)), k);
                    return v < 0 ? d.negate() : d;
                }
            }
        }
        return new BigDecimal(Double.toString(v));
    }

    /** A tokenizer.json root: version 1.0, no truncation or padding, an empty added_tokens list to fill. */
    static ObjectNode root() {
        ObjectNode root = F.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        root.putArray("added_tokens");
        return root;
    }

    /** DebertaV2Converter's normalizer: [Lowercase], Strip, [Precompiled charsmap], Replace(/ {2,}/, " "). */
    public static ObjectNode debertaV2Normalizer(boolean lowercase, byte[] precompiledCharsmap) {
        ObjectNode normalizer = F.objectNode();
        normalizer.put("type", "Sequence");
        ArrayNode norms = normalizer.putArray("normalizers");
        if (lowercase) norms.addObject().put("type", "Lowercase");
        norms.addObject().put("type", "Strip").put("strip_left", true).put("strip_right", true);
        if (precompiledCharsmap.length > 0) {
            norms.addObject().put("type", "Precompiled")
                    .put("precompiled_charsmap", Base64.getEncoder().encodeToString(precompiledCharsmap));
        }
        ObjectNode replace = norms.addObject().put("type", "Replace");
        replace.putObject("pattern").put("Regex", " {2,}");
        replace.put("content", " ");
        return normalizer;
    }

    /** DebertaV2Converter's pre-tokenizer: [Punctuation], Metaspace(▁, always, split). */
    public static ObjectNode debertaV2PreTokenizer(boolean splitByPunct) {
        ObjectNode pre = F.objectNode();
        pre.put("type", "Sequence");
        ArrayNode preList = pre.putArray("pretokenizers");
        if (splitByPunct) preList.addObject().put("type", "Punctuation").put("behavior", "Isolated");
        preList.add(metaspace());
        return pre;
    }

    /** The {@code [CLS] A [SEP]} / {@code [CLS] A [SEP] B [SEP]} template with type ids 0/1. */
    public static ObjectNode bertTemplate(String cls, int clsId, String sep, int sepId) {
        ObjectNode post = F.objectNode();
        post.put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        special(single, cls, 0);
        sequence(single, "A", 0);
        special(single, sep, 0);
        ArrayNode pair = post.putArray("pair");
        special(pair, cls, 0);
        sequence(pair, "A", 0);
        special(pair, sep, 0);
        sequence(pair, "B", 1);
        special(pair, sep, 1);
        specialTokens(post, cls, clsId, sep, sepId);
        return post;
    }

    /** A TemplateProcessing's {@code special_tokens}: the cls and sep tokens with their ids. */
    static void specialTokens(ObjectNode post, String cls, int clsId, String sep, int sepId) {
        ObjectNode specials = post.putObject("special_tokens");
        for (String s : cls.equals(sep) ? List.of(cls) : List.of(cls, sep)) {
            ObjectNode o = specials.putObject(s);
            o.put("id", s);
            o.putArray("ids").add(s.equals(cls) ? clsId : sepId);
            o.putArray("tokens").add(s);
        }
    }

    private static ObjectNode metaspace() {
        return F.objectNode().put("type", "Metaspace").put("replacement", "\u2581").put("prepend_scheme", "always")
                .put("split", true);
    }

    private static int idOf(Pipeline pipeline, String token) {
        int id = pipeline.addedVocabulary().idOf(token);
        return id >= 0 ? id : pipeline.model().tokenToId(token);
    }

    static void special(ArrayNode template, String id, int typeId) {
        template.addObject().putObject("SpecialToken").put("id", id).put("type_id", typeId);
    }

    static void sequence(ArrayNode template, String id, int typeId) {
        template.addObject().putObject("Sequence").put("id", id).put("type_id", typeId);
    }

    private static ObjectNode specialTokensMap(TokenizerConfig c) {
        return F.objectNode().put("bos_token", c.bosToken()).put("cls_token", c.clsToken()).put("eos_token", c.eosToken())
                .put("mask_token", c.maskToken()).put("pad_token", c.padToken()).put("sep_token", c.sepToken())
                .put("unk_token", c.unkToken());
    }

    private static ObjectNode tokenizerConfig(TokenizerConfig c, String tokenizerClass) {
        ObjectNode o = specialTokensMap(c);
        o.put("do_lower_case", c.lowerCase(BERT_CLASSES.contains(tokenizerClass)));
        if (BERT_CLASSES.contains(tokenizerClass)) {
            if (c.stripAccents() == null) o.putNull("strip_accents");
            else o.put("strip_accents", c.stripAccents());
            o.put("tokenize_chinese_chars", c.tokenizeChineseChars());
        }
        if (c.modelMaxLength() != TokenizerConfig.UNLIMITED) o.put("model_max_length", c.modelMaxLength());
        o.put("padding_side", c.paddingSide() == EncodeOptions.Side.LEFT ? "left" : "right");
        o.put("split_by_punct", c.splitByPunct());
        o.put("tokenizer_class", tokenizerClass);
        // PreTrainedTokenizerFast returns no token_type_ids in transformers 5 unless told to (DeBERTa and BERT do)
        if (tokenizerClass.equals(TRAINED_CLASS)) {
            o.putArray("model_input_names").add("input_ids").add("token_type_ids").add("attention_mask");
        }
        if (tokenizerClass.equals("DebertaV2Tokenizer")) o.put("vocab_type", "spm");
        return o;
    }
}
