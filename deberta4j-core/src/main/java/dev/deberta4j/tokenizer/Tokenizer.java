package dev.deberta4j.tokenizer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A Hugging Face-exact tokenizer in pure Java: loads {@code tokenizer.json} (or a SentencePiece {@code spm.model},
 * converted the way transformers converts DeBERTa-V2/V3) and encodes id-for-id and offset-for-offset like the Rust
 * {@code tokenizers} library. Immutable and thread-safe.
 */
public final class Tokenizer {
    private final Pipeline pipeline;
    private final TokenizerConfig config;
    private final EncodeOptions defaultOptions;
    private final int padId;
    private final int padTypeId;
    private final String padToken;

    Tokenizer(Pipeline pipeline, TokenizerConfig config, EncodeOptions defaultOptions, int padTypeId) {
        this.pipeline = pipeline;
        this.config = config;
        this.defaultOptions = defaultOptions;
        this.padToken = config.padToken();
        int id = tokenToId(config.padToken());
        this.padId = Math.max(id, 0);
        this.padTypeId = padTypeId;
    }

    /**
     * The files a tokenizer directory may hold, in the order {@link #load} prefers the tokenizer itself:
     * tokenizer.json, spm.model (DeBERTa-V2/V3), sentencepiece.bpe.model (XLM-RoBERTa), vocab.txt (BERT, ELECTRA,
     * DistilBERT); then the transformers-side configs.
     */
    public static final List<String> FILES = List.of("tokenizer.json", "spm.model", "sentencepiece.bpe.model",
            "vocab.txt", "tokenizer_config.json", "special_tokens_map.json", "added_tokens.json");

    /** Whether {@code dir} holds one of the files {@link #load} builds a tokenizer from. */
    public static boolean isTokenizerDirectory(Path dir) {
        return FILES.subList(0, 4).stream().anyMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }

    /**
     * Loads a tokenizer from a directory (the first of tokenizer.json, spm.model, sentencepiece.bpe.model,
     * vocab.txt; plus {@code tokenizer_config.json}/{@code special_tokens_map.json} if present) or from a single
     * such file.
     */
    public static Tokenizer load(Path dirOrFile) {
        if (Files.isDirectory(dirOrFile)) {
            for (String name : FILES.subList(0, 4)) {
                Path f = dirOrFile.resolve(name);
                if (Files.isRegularFile(f)) return loadFile(f, dirOrFile);
            }
            throw new TokenizerFormatException(dirOrFile + ": no tokenizer.json, spm.model, sentencepiece.bpe.model "
                    + "or vocab.txt in this directory");
        }
        if (!Files.isRegularFile(dirOrFile)) {
            throw new TokenizerFormatException(dirOrFile + ": no such file or directory");
        }
        return loadFile(dirOrFile, dirOrFile.toAbsolutePath().getParent());
    }

    /** One tokenizer file, with the configs of {@code dir} (null: none). */
    private static Tokenizer loadFile(Path file, Path dir) {
        Converted c = convert(file, dir);
        if (c != null) {
            TokenizerJsonReader.Result r = TokenizerJsonReader.read(c.tokenizerJson(), file.getFileName().toString(),
                    TokenizerJsonReader.LargeParts.fromJson());
            return new Tokenizer(r.pipeline(), c.config(), EncodeOptions.defaults(), 0);
        }
        TokenizerConfig config = dir == null ? TokenizerConfig.defaults() : TokenizerConfig.read(dir);
        if (file.getFileName().toString().endsWith(".model")) {
            rejectRemoteCode(file, config);
            return fromSentencePiece(file, config);
        }
        return fromTokenizerJson(file, config);
    }

    /**
     * A tokenizer file converted the way transformers converts it, with the config it was converted under and the
     * slow tokenizer class it stands for.
     */
    record Converted(com.fasterxml.jackson.databind.node.ObjectNode tokenizerJson, TokenizerConfig config,
                     String tokenizerClass) {}

    /**
     * The tokenizer.json transformers' converter makes of a {@code vocab.txt} (BertConverter) or of an XLM-R
     * SentencePiece model ({@code sentencepiece.bpe.model}, or any {@code .model} whose tokenizer_config.json names
     * XLMRobertaTokenizer; XLMRobertaConverter); null for other files.
     */
    static Converted convert(Path file, Path dir) {
        String name = file.getFileName().toString();
        TokenizerConfig plain = dir == null ? TokenizerConfig.defaults() : TokenizerConfig.read(dir);
        if (name.equals("vocab.txt")) {
            rejectRemoteCode(file, plain);
            rejectKoBert(file, dir, plain);
            return new Converted(BertVocabConversion.tokenizerJson(file, plain), plain,
                    plain.tokenizerClass() != null ? plain.tokenizerClass().replace("Fast", "") : "BertTokenizer");
        }
        boolean xlmr = name.equals("sentencepiece.bpe.model") || (name.endsWith(".model")
                && plain.tokenizerClass() != null && plain.tokenizerClass().startsWith("XLMRobertaTokenizer"));
        if (!xlmr) return null;
        TokenizerConfig config = dir == null ? XlmRobertaConversion.defaults()
                : TokenizerConfig.read(dir, XlmRobertaConversion.defaults());
        rejectRemoteCode(file, config);
        return new Converted(XlmRobertaConversion.tokenizerJson(SentencePieceModel.read(file), config, name), config,
                "XLMRobertaTokenizer");
    }

    /**
     * The tokenizer.json for a {@code vocab.txt} or an XLM-R SentencePiece model, as transformers converts them
     * with the configs of their directory (what {@code convert-tokenizer} writes).
     */
    public static com.fasterxml.jackson.databind.node.ObjectNode convertedTokenizerJson(Path file) {
        return converted(file).tokenizerJson();
    }

    static Converted converted(Path file) {
        Converted c = convert(file, file.toAbsolutePath().getParent());
        if (c == null) {
            throw new TokenizerFormatException(file + ": expected a vocab.txt or an XLM-RoBERTa "
                    + "sentencepiece.bpe.model");
        }
        return c;
    }

    private static void rejectRemoteCode(Path file, TokenizerConfig config) {
        if (config.remoteCode()) {
            throw new TokenizerFormatException(file + ": tokenizer_config.json's auto_map names a tokenizer class "
                    + "in the repository's own Python code (" + config.tokenizerClass() + "); deberta4j runs no "
                    + "remote code and reads such a tokenizer only from a tokenizer.json");
        }
    }

    /**
     * KoBERT (monologg/kobert, distilkobert) ships a SentencePiece {@code tokenizer_*.model} beside a vocab.txt of
     * SentencePiece pieces, read by its own KoBertTokenizer (tokenization_kobert.py, remote code): WordPiece over
     * that vocab.txt would silently give other tokens, so such a directory is refused.
     */
    private static void rejectKoBert(Path vocabTxt, Path dir, TokenizerConfig config) {
        boolean koBertClass = config.tokenizerClass() != null && config.tokenizerClass().startsWith("KoBert");
        boolean spmBeside = false;
        if (dir != null) {
            try (var files = Files.list(dir)) {
                spmBeside = files.map(p -> p.getFileName().toString())
                        .anyMatch(n -> n.startsWith("tokenizer_") && n.endsWith(".model"));
            } catch (java.io.IOException e) {
                throw new TokenizerFormatException(dir + ": cannot list: " + e.getMessage(), e);
            }
        }
        if (koBertClass || spmBeside) {
            throw new TokenizerFormatException(vocabTxt + ": a KoBERT tokenizer (KoBertTokenizer: SentencePiece "
                    + "tokenizer_*.model + vocab.txt, code in tokenization_kobert.py) is not supported; use a "
                    + "tokenizer.json made from it with transformers");
        }
    }

    /**
     * Loads a {@code tokenizer.json} with the given transformers-side config; through the binary cache beside it
     * when that is valid ({@code -Ddeberta4j.tokenizerCache=off|read|write}, default {@code read}).
     */
    public static Tokenizer fromTokenizerJson(Path file, TokenizerConfig config) {
        TokenizerJsonReader.Result r = TokenizerCache.read(file, TokenizerCache.mode());
        EncodeOptions options = EncodeOptions.defaults().withTruncation(r.truncation())
                .withPadding(r.padding() == null ? null : r.padding().padding());
        return new Tokenizer(r.pipeline(), config, options, r.padding() == null ? 0 : r.padding().padTypeId());
    }

    /** Loads a SentencePiece model and builds the pipeline transformers' DebertaV2Converter builds from it. */
    public static Tokenizer fromSentencePiece(Path spmModel, TokenizerConfig config) {
        SentencePieceModel spm = SentencePieceModel.read(spmModel);
        Pipeline pipeline = DebertaV2Conversion.pipeline(spm, config);
        return new Tokenizer(pipeline, config, EncodeOptions.defaults(), 0);
    }

    /** The options {@link #encode(String)} uses: special tokens on, truncation/padding as the tokenizer.json says. */
    public EncodeOptions defaultOptions() { return defaultOptions; }

    public TokenizerConfig config() { return config; }

    public Encoding encode(String text) { return encode(text, null, defaultOptions); }

    public Encoding encode(String text, String pair) { return encode(text, pair, defaultOptions); }

    /** Encodes one text, or a pair when {@code pair} is non-null. */
    public Encoding encode(String text, String pair, EncodeOptions options) {
        MutableEncoding e = encodeMutable(text, pair, options);
        if (options.padding() != null) {
            e.pad(options.padding().target(e.length), padId, padTypeId, padToken, padsLeft(options.padding()));
        }
        return e.toEncoding();
    }

    private MutableEncoding encodeMutable(String text, String pair, EncodeOptions options) {
        if (text == null) throw new IllegalArgumentException("text must not be null");
        MutableEncoding first = pipeline.encodeSequence(text, 0);
        MutableEncoding second = pair == null ? null : pipeline.encodeSequence(pair, 1);
        return pipeline.postProcess(first, second, options);
    }

    public List<Encoding> encodeBatch(List<String> texts) { return encodeBatch(texts, null, defaultOptions); }

    /**
     * Encodes many texts (pairs when {@code pairs} is non-null, same size) in parallel; padding LONGEST pads to the
     * longest encoding of the batch.
     */
    public List<Encoding> encodeBatch(List<String> texts, List<String> pairs, EncodeOptions options) {
        if (pairs != null && pairs.size() != texts.size()) {
            throw new IllegalArgumentException("batch has " + texts.size() + " texts but " + pairs.size() + " pairs");
        }
        MutableEncoding[] out = new MutableEncoding[texts.size()];
        IntStream.range(0, texts.size()).parallel()
                .forEach(i -> out[i] = encodeMutable(texts.get(i), pairs == null ? null : pairs.get(i), options));
        if (options.padding() != null) {
            int longest = 0;
            for (MutableEncoding e : out) longest = Math.max(longest, e.length);
            int target = options.padding().target(longest);
            boolean left = padsLeft(options.padding());
            IntStream.range(0, out.length).parallel().forEach(i -> out[i].pad(target, padId, padTypeId, padToken, left));
        }
        List<Encoding> result = new ArrayList<>(out.length);
        for (MutableEncoding e : out) result.add(e.toEncoding());
        return result;
    }

    private boolean padsLeft(EncodeOptions.Padding padding) {
        EncodeOptions.Side side = padding.side() != null ? padding.side() : config.paddingSide();
        return side == EncodeOptions.Side.LEFT;
    }

    /** Token strings back to text through the tokenizer's decoder; optionally without special tokens. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        AddedVocabulary added = pipeline.addedVocabulary();
        for (int id : ids) {
            String t = added.contentOf(id);
            if (t == null) t = pipeline.model().idToToken(id);
            if (t == null) continue;
            if (skipSpecialTokens && added.isSpecial(t)) continue;
            tokens.add(t);
        }
        Decoder d = pipeline.decoder();
        return d == null ? String.join(" ", tokens) : d.decode(tokens);
    }

    /** Id of a token (added tokens first, then the model vocabulary), or -1. */
    public int tokenToId(String token) {
        int id = pipeline.addedVocabulary().idOf(token);
        return id >= 0 ? id : pipeline.model().tokenToId(token);
    }

    /** The token string of an id, or null. */
    public String idToToken(int id) {
        String t = pipeline.addedVocabulary().contentOf(id);
        return t != null ? t : pipeline.model().idToToken(id);
    }

    /** Model vocabulary plus added tokens that are not in it (HF {@code get_vocab_size(true)}). */
    public int vocabSize() {
        int n = pipeline.model().vocabSize();
        for (AddedToken t : pipeline.addedVocabulary().tokens()) {
            if (pipeline.model().tokenToId(t.content()) < 0) n++;
        }
        return n;
    }

    public int padId() { return tokenToId(config.padToken()); }

    public int clsId() { return tokenToId(config.clsToken()); }

    public int sepId() { return tokenToId(config.sepToken()); }

    public int maskId() { return tokenToId(config.maskToken()); }

    public int unkId() { return tokenToId(config.unkToken()); }

    public String maskToken() { return config.maskToken(); }

    /**
     * Ids of the special tokens: the added tokens marked special and the configured [CLS], [SEP], [PAD], [MASK],
     * [UNK] (what transformers' special_tokens_mask marks), ascending, without duplicates.
     */
    public int[] specialTokenIds() {
        java.util.TreeSet<Integer> ids = new java.util.TreeSet<>();
        for (AddedToken t : pipeline.addedVocabulary().tokens()) {
            if (t.special()) ids.add(tokenToId(t.content()));
        }
        for (int id : new int[]{clsId(), sepId(), padId(), maskId(), unkId()}) if (id >= 0) ids.add(id);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Maximum sequence length the model accepts, {@link TokenizerConfig#UNLIMITED} when unset. */
    public int modelMaxLength() { return config.modelMaxLength(); }

    Pipeline pipeline() { return pipeline; }
}
