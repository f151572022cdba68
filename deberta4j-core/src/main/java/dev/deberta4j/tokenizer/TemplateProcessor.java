package dev.deberta4j.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Template post-processing ({@code [CLS] $A [SEP] $B:1 [SEP]:1}): HF {@code TemplateProcessing}. BERT's
 * {@code BertProcessing} is the same template with fixed pieces.
 */
record TemplateProcessor(List<Piece> single, List<Piece> pair, Map<String, SpecialTokens> specialTokens)
        implements PostProcessor {
    /** One element of a template: a sequence ({@code A}/{@code B}) or a special token, with its type id. */
    record Piece(boolean isSequence, boolean sequenceB, String specialId, int typeId) {}

    /** The ids and strings a template's special-token name expands to. */
    record SpecialTokens(String id, int[] ids, String[] tokens) {}

    static TemplateProcessor bert(String cls, int clsId, String sep, int sepId) {
        Map<String, SpecialTokens> specials = Map.of(cls, new SpecialTokens(cls, new int[]{clsId}, new String[]{cls}),
                sep, new SpecialTokens(sep, new int[]{sepId}, new String[]{sep}));
        List<Piece> single = List.of(new Piece(false, false, cls, 0), new Piece(true, false, null, 0),
                new Piece(false, false, sep, 0));
        List<Piece> pair = List.of(new Piece(false, false, cls, 0), new Piece(true, false, null, 0),
                new Piece(false, false, sep, 0), new Piece(true, true, null, 1), new Piece(false, false, sep, 1));
        return new TemplateProcessor(single, pair, specials);
    }

    @Override public int addedTokens(boolean isPair) {
        int n = 0;
        for (Piece p : isPair ? pair : single) {
            if (!p.isSequence()) n += specialTokens.get(p.specialId()).ids().length;
        }
        return n;
    }

    @Override public List<MutableEncoding> processEncodings(List<MutableEncoding> encodings, boolean addSpecialTokens) {
        List<MutableEncoding> parts = new ArrayList<>();
        boolean[] used = new boolean[2];
        for (Piece p : encodings.size() == 1 ? single : pair) {
            if (p.isSequence()) {
                int i = p.sequenceB() ? 1 : 0;
                // The first use may take the encoding itself; a repeated use needs its own copy.
                MutableEncoding e = used[i] ? encodings.get(i).copy() : encodings.get(i);
                used[i] = true;
                e.setTypeIds(p.typeId());
                parts.add(e);
            } else if (addSpecialTokens) {
                SpecialTokens s = specialTokens.get(p.specialId());
                parts.add(MutableEncoding.specials(s.ids(), s.tokens(), p.typeId()));
            }
        }
        return parts;
    }
}
