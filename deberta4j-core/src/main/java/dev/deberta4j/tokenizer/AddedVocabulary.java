package dev.deberta4j.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The added tokens of a tokenizer and how they are cut out of the input (HF {@code AddedVocabulary}):
 * leftmost-longest matching, first in the raw text (non-normalized tokens), then in each normalized piece.
 */
final class AddedVocabulary {
    private final List<AddedToken> tokens = new ArrayList<>();
    private final Map<String, Integer> idsByContent = new HashMap<>();
    private final Map<Integer, String> contentById = new HashMap<>();
    private final Set<String> specials = new HashSet<>();
    private final Matcher rawMatcher;
    private final Matcher normalizedMatcher;

    /** Registers tokens; an id comes from the model vocabulary if present there, else the next free id. */
    AddedVocabulary(List<AddedToken> added, Model model, Normalizer normalizer) {
        List<AddedToken> raw = new ArrayList<>();
        List<Integer> rawIds = new ArrayList<>();
        List<int[]> normalizedKeys = new ArrayList<>();
        List<AddedToken> norm = new ArrayList<>();
        List<Integer> normIds = new ArrayList<>();
        int maxAdded = -1;
        for (AddedToken t : added) {
            if (t.content().isEmpty()) continue;
            int id;
            Integer existing = idsByContent.get(t.content());
            if (existing != null) {
                id = existing;
            } else if (model.tokenToId(t.content()) >= 0) {
                id = model.tokenToId(t.content());
            } else {
                int vocab = model.vocabSize();
                id = maxAdded < 0 ? vocab : (maxAdded >= vocab || vocab == 0 ? maxAdded + 1 : vocab);
            }
            if (existing == null) {
                tokens.add(t);
                idsByContent.put(t.content(), id);
                contentById.put(id, t.content());
                maxAdded = Math.max(maxAdded, id);
            }
            if (t.special()) specials.add(t.content());
            if (existing != null) continue;
            if (t.normalized()) {
                NormalizedText key = NormalizedText.of(t.content().codePoints().toArray());
                if (normalizer != null) normalizer.normalize(key);
                normalizedKeys.add(key.codePoints());
                norm.add(t);
                normIds.add(id);
            } else {
                raw.add(t);
                rawIds.add(id);
            }
        }
        List<int[]> rawKeys = new ArrayList<>();
        for (AddedToken t : raw) rawKeys.add(t.content().codePoints().toArray());
        rawMatcher = new Matcher(raw, rawIds, rawKeys);
        normalizedMatcher = new Matcher(norm, normIds, normalizedKeys);
    }

    List<AddedToken> tokens() { return tokens; }

    int idOf(String content) {
        Integer id = idsByContent.get(content);
        return id == null ? -1 : id;
    }

    String contentOf(int id) { return contentById.get(id); }

    boolean isSpecial(String content) { return specials.contains(content); }

    /** Cuts raw-text added tokens out of a split. */
    List<PreTokenizedText.Split> splitRaw(NormalizedText text) { return rawMatcher.split(text); }

    /** Cuts normalized added tokens out of a normalized split. */
    List<PreTokenizedText.Split> splitNormalized(NormalizedText text) { return normalizedMatcher.split(text); }

    boolean hasRawTokens() { return !rawMatcher.tokens.isEmpty(); }

    /** Leftmost-longest matcher over one group of added tokens. */
    private static final class Matcher {
        private final List<AddedToken> tokens;
        private final List<Integer> ids;
        private final LongestMatchAutomaton automaton;

        Matcher(List<AddedToken> tokens, List<Integer> ids, List<int[]> keys) {
            this.tokens = tokens;
            this.ids = ids;
            this.automaton = new LongestMatchAutomaton(keys);
        }

        List<PreTokenizedText.Split> split(NormalizedText text) {
            int n = text.length();
            if (tokens.isEmpty() || n == 0) return List.of(new PreTokenizedText.Split(text.rebased(), null));
            List<PreTokenizedText.Split> out = new ArrayList<>();
            int[] cps = text.rawChars();
            int[] lengths = new int[n];
            int[] indexes = new int[n];
            automaton.longestAt(cps, n, lengths, indexes);
            int startOffset = 0;
            int pos = 0;
            while (pos < n) {
                if (lengths[pos] == 0) {
                    pos++;
                    continue;
                }
                int matchEnd = pos + lengths[pos];
                int matchIndex = indexes[pos];
                AddedToken token = tokens.get(matchIndex);
                int start = pos;
                int stop = matchEnd;
                pos = matchEnd; // matching resumes after the match even when the match is rejected below
                if (token.singleWord()) {
                    boolean startSpace = start == 0 || !CharClasses.isWordChar(cps[start - 1]);
                    boolean stopSpace = stop == n || !CharClasses.isWordChar(cps[stop]);
                    if (!startSpace || !stopSpace) continue;
                }
                if (token.lstrip()) {
                    int s = start;
                    while (s > 0 && CharClasses.isWhitespace(cps[s - 1])) s--;
                    start = Math.max(s, startOffset);
                }
                if (token.rstrip()) {
                    while (stop < n && CharClasses.isWhitespace(cps[stop])) stop++;
                }
                if (startOffset < start) out.add(new PreTokenizedText.Split(text.slice(startOffset, start), null));
                NormalizedText piece = text.slice(start, stop);
                out.add(new PreTokenizedText.Split(piece,
                        List.of(new Token(ids.get(matchIndex), piece.toString(), 0, piece.length()))));
                startOffset = stop;
            }
            if (startOffset != n) out.add(new PreTokenizedText.Split(text.slice(startOffset, n), null));
            return out;
        }
    }
}
