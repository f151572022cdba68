package dev.deberta4j.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** RoBERTa's {@code <s> A </s> </s> B </s>} with every type id 0, plus byte-level offset trimming. */
record RobertaProcessor(String sep, int sepId, String cls, int clsId, boolean trimOffsets, boolean addPrefixSpace)
        implements PostProcessor {
    static RobertaProcessor fromJson(Json j) {
        Json sep = j.field("sep").array();
        Json cls = j.field("cls").array();
        return new RobertaProcessor(sep.at(0).text(), sep.at(1).integer(), cls.at(0).text(), cls.at(1).integer(),
                j.field("trim_offsets").bool(true), j.field("add_prefix_space").bool(true));
    }

    @Override public int addedTokens(boolean pair) { return pair ? 4 : 2; }

    @Override public List<MutableEncoding> processEncodings(List<MutableEncoding> encodings, boolean addSpecialTokens) {
        if (trimOffsets) {
            for (MutableEncoding e : encodings) ByteLevelProcessor.trim(e, addPrefixSpace);
        }
        for (MutableEncoding e : encodings) zeroTypeIds(e);
        if (!addSpecialTokens) return encodings;
        List<MutableEncoding> out = new ArrayList<>();
        for (int i = 0; i < encodings.size(); i++) out.add(wrap(encodings.get(i), i == 0));
        return out;
    }

    private static void zeroTypeIds(MutableEncoding e) {
        e.setTypeIds(0);
        for (MutableEncoding o : e.overflowing) zeroTypeIds(o);
    }

    private MutableEncoding wrap(MutableEncoding e, boolean first) {
        MutableEncoding w = MutableEncoding.merge(List.of(
                MutableEncoding.specials(new int[]{first ? clsId : sepId}, new String[]{first ? cls : sep}, 0),
                withoutOverflowing(e),
                MutableEncoding.specials(new int[]{sepId}, new String[]{sep}, 0)));
        for (MutableEncoding o : e.overflowing) w.overflowing.add(wrap(o, first));
        return w;
    }

    private static MutableEncoding withoutOverflowing(MutableEncoding e) {
        MutableEncoding c = e.copy();
        c.overflowing = new ArrayList<>();
        return c;
    }
}
