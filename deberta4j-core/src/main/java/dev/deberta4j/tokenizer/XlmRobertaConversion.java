package dev.deberta4j.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * XLM-RoBERTa's {@code sentencepiece.bpe.model} as the tokenizer.json transformers' {@code XLMRobertaConverter}
 * makes of it (huggingface/transformers src/transformers/convert_slow_tokenizer.py, commit 6619c4b): fairseq's ids
 * {@code <s>}=0 {@code <pad>}=1 {@code </s>}=2 {@code <unk>}=3, the SentencePiece pieces from id 3 on shifted by
 * one, {@code <mask>} last (lstrip, as XLMRobertaTokenizer declares it); Precompiled + Strip(right) +
 * Replace(/ {2,}/, ▁) normalizer, Metaspace(▁, always) pre-tokenizer and decoder; {@code <s> A </s> (</s> B </s>)},
 * all type ids 0. A Unigram model (what XLM-R's file holds, despite its name) stays Unigram; a BPE-type model
 * becomes BPE with the merges transformers' SentencePieceExtractor derives from the vocabulary.
 */
final class XlmRobertaConversion {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final int MODEL_BPE = 2;
    static final List<String> FAIRSEQ_SPECIALS = List.of("<s>", "<pad>", "</s>", "<unk>");
    static final String MASK = "<mask>";

    private XlmRobertaConversion() {}

    /** XLMRobertaTokenizer's special tokens, for a directory without special_tokens_map.json. */
    static TokenizerConfig defaults() {
        return TokenizerConfig.defaults().withSpecialTokens("<pad>", "<s>", "</s>", MASK, "<unk>", "<s>", "</s>");
    }

    static ObjectNode tokenizerJson(SentencePieceModel spm, TokenizerConfig config, String fileName) {
        int type = spm.modelType();
        if (type != SentencePieceModel.MODEL_UNIGRAM && type != MODEL_BPE) {
            throw new TokenizerFormatException(fileName + ": trainer_spec.model_type: " + type
                    + " is not supported, expected 1 (UNIGRAM) or 2 (BPE)");
        }
        if (spm.pieces().size() < 3) {
            throw new TokenizerFormatException(fileName + ": pieces: " + spm.pieces().size()
                    + " pieces; XLM-RoBERTa's has <unk>, <s>, </s> first");
        }
        // the converter's vocabulary: fairseq's four specials, the pieces from id 3 on, <mask>
        List<String> pieces = new ArrayList<>(FAIRSEQ_SPECIALS);
        List<Double> scores = new ArrayList<>(List.of(0.0, 0.0, 0.0, 0.0));
        for (SentencePieceModel.Piece p : spm.pieces().subList(3, spm.pieces().size())) {
            pieces.add(p.piece());
            scores.add((double) p.score());
        }
        pieces.add(MASK);
        scores.add(0.0);

        ObjectNode root = TokenizerJsonWriter.root();
        ArrayNode added = (ArrayNode) root.get("added_tokens");
        List<String> seen = new ArrayList<>();
        // control (special) and user-defined pieces first, by SentencePiece id, then the tokenizer's specials
        for (SentencePieceModel.Piece p : spm.pieces()) {
            boolean control = p.type() == SentencePieceModel.TYPE_CONTROL;
            if ((control || p.type() == SentencePieceModel.TYPE_USER_DEFINED) && !seen.contains(p.piece())) {
                seen.add(p.piece());
                addedToken(added, idOf(pieces, p.piece()), p.piece(), false, control);
            }
        }
        for (String s : List.of(config.bosToken(), config.padToken(), config.eosToken(), config.unkToken(),
                config.clsToken(), config.sepToken(), config.maskToken())) {
            if (seen.contains(s)) continue;
            seen.add(s);
            addedToken(added, idOf(pieces, s), s, s.equals(config.maskToken()), true);
        }

        ObjectNode normalizer = root.putObject("normalizer").put("type", "Sequence");
        ArrayNode norms = normalizer.putArray("normalizers");
        if (spm.precompiledCharsmap().length > 0) {
            norms.addObject().put("type", "Precompiled")
                    .put("precompiled_charsmap", Base64.getEncoder().encodeToString(spm.precompiledCharsmap()));
        }
        norms.addObject().put("type", "Strip").put("strip_left", false).put("strip_right", true);
        ObjectNode replace = norms.addObject().put("type", "Replace");
        replace.putObject("pattern").put("Regex", " {2,}");
        replace.put("content", "\u2581");
        root.set("pre_tokenizer", metaspace());
        root.set("post_processor", template("<s>", 0, "</s>", 2));   // the converter names them literally
        root.set("decoder", metaspace());
        root.set("model", type == MODEL_BPE ? bpeModel(spm, pieces, scores) : unigramModel(pieces, scores));
        return root;
    }

    /** The token's id: its last place in the vocabulary (as the converter's dict), else the next one after it. */
    private static int idOf(List<String> pieces, String token) {
        int i = pieces.lastIndexOf(token);
        return i >= 0 ? i : pieces.size();
    }

    private static void addedToken(ArrayNode added, int id, String content, boolean lstrip, boolean special) {
        added.addObject().put("id", id).put("content", content).put("single_word", false).put("lstrip", lstrip)
                .put("rstrip", false).put("normalized", false).put("special", special);
    }

    private static ObjectNode metaspace() {
        return F.objectNode().put("type", "Metaspace").put("replacement", "\u2581").put("prepend_scheme", "always")
                .put("split", true);
    }

    /** {@code <s> $A </s>} / {@code <s> $A </s> </s> $B </s>}, every type id 0. */
    private static ObjectNode template(String cls, int clsId, String sep, int sepId) {
        ObjectNode post = F.objectNode().put("type", "TemplateProcessing");
        ArrayNode single = post.putArray("single");
        TokenizerJsonWriter.special(single, cls, 0);
        TokenizerJsonWriter.sequence(single, "A", 0);
        TokenizerJsonWriter.special(single, sep, 0);
        ArrayNode pair = post.putArray("pair");
        TokenizerJsonWriter.special(pair, cls, 0);
        TokenizerJsonWriter.sequence(pair, "A", 0);
        TokenizerJsonWriter.special(pair, sep, 0);
        TokenizerJsonWriter.special(pair, sep, 0);
        TokenizerJsonWriter.sequence(pair, "B", 0);
        TokenizerJsonWriter.special(pair, sep, 0);
        TokenizerJsonWriter.specialTokens(post, cls, clsId, sep, sepId);
        return post;
    }

    private static ObjectNode unigramModel(List<String> pieces, List<Double> scores) {
        ObjectNode model = F.objectNode().put("type", "Unigram").put("unk_id", 3);
        ArrayNode vocab = model.putArray("vocab");
        for (int i = 0; i < pieces.size(); i++) vocab.addArray().add(pieces.get(i)).add(scores.get(i));
        model.put("byte_fallback", false);
        return model;
    }

    /**
     * SentencePieceExtractor's merges: for every vocabulary entry each split into two SentencePiece pieces, ordered
     * by the pieces' SentencePiece ids within an entry, then (stably) by the entry's score, highest first.
     */
    private static ObjectNode bpeModel(SentencePieceModel spm, List<String> pieces, List<Double> scores) {
        Map<String, Integer> spmIds = new HashMap<>();
        for (int i = 0; i < spm.pieces().size(); i++) spmIds.put(spm.pieces().get(i).piece(), i);
        Map<String, Double> entries = new LinkedHashMap<>();   // Python dict(vocab_scores): first place, last score
        for (int i = 0; i < pieces.size(); i++) entries.put(pieces.get(i), scores.get(i));
        record Merge(String left, String right, double score) {}
        List<Merge> merges = new ArrayList<>();
        for (Map.Entry<String, Double> e : entries.entrySet()) {
            String piece = e.getKey();
            int[] cps = piece.codePoints().toArray();
            List<Merge> local = new ArrayList<>();
            for (int k = 1; k < cps.length; k++) {
                String l = new String(cps, 0, k);
                String r = new String(cps, k, cps.length - k);
                if (spmIds.containsKey(l) && spmIds.containsKey(r)) local.add(new Merge(l, r, e.getValue()));
            }
            local.sort(Comparator.<Merge>comparingInt(m -> spmIds.get(m.left())).thenComparingInt(m -> spmIds.get(m.right())));
            merges.addAll(local);
        }
        merges.sort(Comparator.comparingDouble(Merge::score).reversed());
        ObjectNode model = F.objectNode().put("type", "BPE").putNull("dropout")
                .put("unk_token", spm.pieces().get(spm.unkId()).piece())
                .putNull("continuing_subword_prefix").putNull("end_of_word_suffix")
                .put("fuse_unk", true).put("byte_fallback", false);
        ObjectNode vocab = model.putObject("vocab");
        for (int i = 0; i < pieces.size(); i++) vocab.put(pieces.get(i), i);
        ArrayNode m = model.putArray("merges");
        for (Merge x : merges) m.addArray().add(x.left()).add(x.right());
        return model;
    }
}
