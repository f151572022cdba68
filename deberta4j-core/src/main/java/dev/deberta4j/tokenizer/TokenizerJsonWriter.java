package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
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
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TokenizerJsonWriter() {}

    /** Converts {@code spmModel} (with the config of its directory, if any) into {@code outputDir}. */
    public static void convertSentencePiece(Path spmModel, Path outputDir) {
        Path parent = spmModel.toAbsolutePath().getParent();
        TokenizerConfig config = parent == null ? TokenizerConfig.defaults() : TokenizerConfig.read(parent);
        ObjectNode json = debertaV2(SentencePieceModel.read(spmModel), config);
        try {
            Files.createDirectories(outputDir);
            MAPPER.writeValue(outputDir.resolve("tokenizer.json").toFile(), json);
            MAPPER.writeValue(outputDir.resolve("tokenizer_config.json").toFile(), tokenizerConfig(config));
            MAPPER.writeValue(outputDir.resolve("special_tokens_map.json").toFile(), specialTokensMap(config));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write tokenizer files to " + outputDir + ": " + dev.deberta4j.io.IoErrors.describe(e), e);
        }
    }

    /** The tokenizer.json tree for a DeBERTa-V2/V3 SentencePiece model. */
    static ObjectNode debertaV2(SentencePieceModel spm, TokenizerConfig config) {
        Pipeline pipeline = DebertaV2Conversion.pipeline(spm, config);
        ObjectNode root = F.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
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
        ObjectNode normalizer = root.putObject("normalizer");
        normalizer.put("type", "Sequence");
        ArrayNode norms = normalizer.putArray("normalizers");
        if (config.doLowerCase()) norms.addObject().put("type", "Lowercase");
        norms.addObject().put("type", "Strip").put("strip_left", true).put("strip_right", true);
        if (spm.precompiledCharsmap().length > 0) {
            norms.addObject().put("type", "Precompiled")
                    .put("precompiled_charsmap", Base64.getEncoder().encodeToString(spm.precompiledCharsmap()));
        }
        ObjectNode replace = norms.addObject().put("type", "Replace");
        replace.putObject("pattern").put("Regex", " {2,}");
        replace.put("content", " ");

        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Sequence");
        ArrayNode preList = pre.putArray("pretokenizers");
        if (config.splitByPunct()) preList.addObject().put("type", "Punctuation").put("behavior", "Isolated");
        preList.add(metaspace());

        ObjectNode post = root.putObject("post_processor");
        post.put("type", "TemplateProcessing");
        String cls = config.clsToken();
        String sep = config.sepToken();
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
        ObjectNode specials = post.putObject("special_tokens");
        for (String s : List.of(cls, sep)) {
            ObjectNode o = specials.putObject(s);
            o.put("id", s);
            o.putArray("ids").add(pipeline.addedVocabulary().idOf(s) >= 0 ? pipeline.addedVocabulary().idOf(s)
                    : pipeline.model().tokenToId(s));
            o.putArray("tokens").add(s);
        }
        root.set("decoder", metaspace());

        ObjectNode model = root.putObject("model");
        model.put("type", "Unigram");
        model.put("unk_id", spm.unkId());
        ArrayNode vocab = model.putArray("vocab");
        for (SentencePieceModel.Piece p : spm.pieces()) vocab.addArray().add(p.piece()).add((double) p.score());
        model.put("byte_fallback", spm.byteFallback());
        return root;
    }

    private static ObjectNode metaspace() {
        return F.objectNode().put("type", "Metaspace").put("replacement", "\u2581").put("prepend_scheme", "always")
                .put("split", true);
    }

    private static void special(ArrayNode template, String id, int typeId) {
        template.addObject().putObject("SpecialToken").put("id", id).put("type_id", typeId);
    }

    private static void sequence(ArrayNode template, String id, int typeId) {
        template.addObject().putObject("Sequence").put("id", id).put("type_id", typeId);
    }

    private static ObjectNode specialTokensMap(TokenizerConfig c) {
        return F.objectNode().put("bos_token", c.bosToken()).put("cls_token", c.clsToken()).put("eos_token", c.eosToken())
                .put("mask_token", c.maskToken()).put("pad_token", c.padToken()).put("sep_token", c.sepToken())
                .put("unk_token", c.unkToken());
    }

    private static ObjectNode tokenizerConfig(TokenizerConfig c) {
        ObjectNode o = specialTokensMap(c);
        o.put("do_lower_case", c.doLowerCase());
        if (c.modelMaxLength() != TokenizerConfig.UNLIMITED) o.put("model_max_length", c.modelMaxLength());
        o.put("padding_side", c.paddingSide() == EncodeOptions.Side.LEFT ? "left" : "right");
        o.put("split_by_punct", c.splitByPunct());
        o.put("tokenizer_class", "DebertaV2Tokenizer");
        o.put("vocab_type", "spm");
        return o;
    }
}
