package dev.deberta4j.tokenizer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds from a SentencePiece model the fast-tokenizer pipeline transformers' {@code DebertaV2Converter} builds:
 * [Lowercase] + Strip + Precompiled + Replace(/ {2,}/, " "); Metaspace(▁, always) (after Punctuation when
 * split_by_punct); Unigram; {@code [CLS] A [SEP] (B [SEP])} with type ids 0/1; Metaspace decoder.
 */
final class DebertaV2Conversion {
    static final int REPLACEMENT = '\u2581';

    private DebertaV2Conversion() {}

    static Pipeline pipeline(SentencePieceModel spm, TokenizerConfig config) {
        if (spm.modelType() != SentencePieceModel.MODEL_UNIGRAM) {
            throw new TokenizerFormatException("spm.model: trainer_spec.model_type: " + spm.modelType()
                    + " is not supported, expected 1 (UNIGRAM) as DeBERTa-V2/V3 use");
        }
        List<Normalizer> normalizers = new ArrayList<>();
        if (config.lowerCase(false)) normalizers.add(new LowercaseNormalizer());
        normalizers.add(new StripNormalizer(true, true));
        if (spm.precompiledCharsmap().length > 0) {
            normalizers.add(new PrecompiledNormalizer(CharsMap.parse(spm.precompiledCharsmap(),
                    "spm.model: normalizer_spec.precompiled_charsmap")));
        }
        normalizers.add(new ReplaceNormalizer(TextPattern.Regex.compile(" {2,}", "Replace"), " "));
        Normalizer normalizer = new SequenceNormalizer(List.copyOf(normalizers));

        List<PreTokenizer> pre = new ArrayList<>();
        if (config.splitByPunct()) pre.add(CharSplitPreTokenizer.punctuation(SplitBehavior.ISOLATED));
        pre.add(new MetaspacePreTokenizer(REPLACEMENT, MetaspacePreTokenizer.PrependScheme.ALWAYS, true));

        String[] pieces = new String[spm.pieces().size()];
        double[] scores = new double[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
            pieces[i] = spm.pieces().get(i).piece();
            scores[i] = spm.pieces().get(i).score();
        }
        UnigramModel model = new UnigramModel(pieces, scores, spm.unkId(), spm.byteFallback());
        List<AddedToken> added = addedTokens(spm, config);
        AddedVocabulary vocabulary = new AddedVocabulary(added, model, normalizer);

        String cls = config.clsToken();
        String sep = config.sepToken();
        int clsId = vocabulary.idOf(cls) >= 0 ? vocabulary.idOf(cls) : model.tokenToId(cls);
        int sepId = vocabulary.idOf(sep) >= 0 ? vocabulary.idOf(sep) : model.tokenToId(sep);
        if (clsId < 0 || sepId < 0) {
            throw new TokenizerFormatException("spm.model: the special tokens " + cls + "/" + sep
                    + " are not in the vocabulary");
        }
        TemplateProcessor post = TemplateProcessor.bert(cls, clsId, sep, sepId);
        return new Pipeline(normalizer, new SequencePreTokenizer(List.copyOf(pre)), model, post,
                new MetaspaceDecoder(REPLACEMENT, true), vocabulary);
    }

    /** Control and user-defined pieces, then the config's special tokens; all matched in raw text. */
    static List<AddedToken> addedTokens(SentencePieceModel spm, TokenizerConfig config) {
        Set<String> specials = new LinkedHashSet<>(List.of(config.padToken(), config.clsToken(), config.sepToken(),
                config.unkToken(), config.maskToken(), config.bosToken(), config.eosToken()));
        List<AddedToken> out = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (SentencePieceModel.Piece p : spm.pieces()) {
            boolean control = p.type() == SentencePieceModel.TYPE_CONTROL;
            boolean user = p.type() == SentencePieceModel.TYPE_USER_DEFINED;
            boolean configured = specials.contains(p.piece());
            if ((control || user || configured) && seen.add(p.piece())) {
                out.add(new AddedToken(p.piece(), false, false, false, false, control || configured));
            }
        }
        for (String s : specials) {
            if (seen.add(s)) out.add(AddedToken.special(s));
        }
        return out;
    }
}
