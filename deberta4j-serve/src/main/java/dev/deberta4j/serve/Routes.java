package dev.deberta4j.serve;

import com.fasterxml.jackson.databind.JsonNode;
import dev.deberta4j.config.DebertaConfig;
import dev.deberta4j.model.HeadType;
import dev.deberta4j.pipeline.AggregationStrategy;
import dev.deberta4j.pipeline.Answer;
import dev.deberta4j.pipeline.LabelScore;
import dev.deberta4j.pipeline.MaskPrediction;
import dev.deberta4j.pipeline.MaskSlot;
import dev.deberta4j.pipeline.TokenEntity;
import dev.deberta4j.serve.InferenceServer.Call;
import dev.deberta4j.serve.InferenceServer.Reply;
import dev.deberta4j.serve.ModelService.Sequence;
import dev.deberta4j.tokenizer.EncodeOptions;
import dev.deberta4j.tokenizer.Encoding;
import io.javalin.router.JavalinDefaultRoutingApi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The routes and their JSON, shaped as Text Embeddings Inference's router shapes them (request fields, defaults,
 * response arrays, error types) so TEI clients work unchanged; /fill-mask, /token-classification and
 * /question-answering follow transformers' pipeline outputs in the same style.
 */
final class Routes {
    private final InferenceServer server;
    private final ModelService model;
    private final ServeOptions options;

    Routes(InferenceServer server, ModelService model, ServeOptions options) {
        this.server = server;
        this.model = model;
        this.options = options;
    }

    void register(JavalinDefaultRoutingApi r) {
        r.get("/", server.wrap("/", false, true, c -> resource("web/index.html", "text/html; charset=utf-8")));
        r.get("/app.js", server.wrap("/app.js", false, true, c -> resource("web/app.js", "text/javascript; charset=utf-8")));
        r.get("/health", server.wrap("/health", false, true, this::health));
        r.get("/metrics", server.wrap("/metrics", false, true,
                c -> new Reply(server.metrics().render(), "text/plain; version=0.0.4; charset=utf-8", null)));
        r.get("/info", server.wrap("/info", false, false, c -> Reply.json(info())));
        r.get("/openapi.json", server.wrap("/openapi.json", false, true, c -> resource("openapi.json", "application/json")));
        r.post("/embed", server.wrap("/embed", true, false, this::embed));
        r.post("/v1/embeddings", server.wrap("/v1/embeddings", true, false, this::openAiEmbeddings));
        r.post("/predict", server.wrap("/predict", true, false, this::predict));
        r.post("/rerank", server.wrap("/rerank", true, false, this::rerank));
        r.post("/tokenize", server.wrap("/tokenize", false, false, this::tokenize));
        r.post("/decode", server.wrap("/decode", false, false, this::decode));
        r.post("/fill-mask", server.wrap("/fill-mask", true, false, this::fillMask));
        r.post("/token-classification", server.wrap("/token-classification", true, false, this::tokenClassification));
        r.post("/question-answering", server.wrap("/question-answering", true, false, this::questionAnswering));
    }

    private static Reply resource(String name, String type) {
        try (InputStream in = Routes.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("resource " + name + " missing from the jar");
            return new Reply(in.readAllBytes(), type, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Reply health(Call c) {
        if (server.draining()) throw new ApiError(503, "Unhealthy", "the server is shutting down");
        return new Reply(new byte[0], "text/plain", null);
    }

    Map<String, Object> info() {
        DebertaConfig config = model.model().model().config();
        Map<String, Object> type = new LinkedHashMap<>();
        if (model.head() == HeadType.SEQUENCE_CLASSIFICATION) {
            Map<String, String> id2label = new TreeMap<>();
            Map<String, Integer> label2id = new TreeMap<>();
            for (int i = 0; i < config.numLabels; i++) {
                String label = config.id2label.getOrDefault(i, "LABEL_" + i);
                id2label.put(Integer.toString(i), label);
                label2id.put(label, i);
            }
            type.put(config.numLabels == 1 ? "reranker" : "classifier", Map.of("id2label", id2label, "label2id", label2id));
        } else {
            type.put("embedding", Map.of("pooling", model.pooling().name().toLowerCase(java.util.Locale.ROOT)));
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("model_id", options.modelId());
        info.put("model_sha", null);
        info.put("model_dtype", "float32");
        info.put("served_model_name", options.modelId());
        info.put("model_type", type);
        info.put("architecture", model.head().architecture(config.family));
        info.put("max_concurrent_requests", options.maxConcurrentRequests());
        info.put("max_input_length", model.maxInputLength());
        info.put("max_batch_tokens", options.maxBatchTokens());
        info.put("max_batch_requests", options.maxBatchRequests());
        info.put("max_client_batch_size", options.maxClientBatchSize());
        info.put("auto_truncate", options.autoTruncate());
        info.put("tokenization_workers", 0);   // tokenization runs on the request's own virtual thread
        info.put("version", "deberta4j-0.1.0");
        info.put("sha", null);
        info.put("docker_label", null);
        return info;
    }

    // ---- embeddings ----

    private Reply embed(Call c) {
        JsonRequest body = c.body();
        List<String> texts = body.texts("inputs").texts();
        unsupported(body, "prompt_name", "dimensions");
        requireRightTruncation(body);
        checkBatch(texts.size(), "inputs");
        boolean truncate = truncate(body);
        List<float[]> vectors = embedTexts(c, texts, truncate, body.bool("normalize", true));
        return Reply.json(vectors, c.timing);
    }

    private List<float[]> embedTexts(Call c, List<String> texts, boolean truncate, boolean normalize) {
        List<Sequence> seqs = texts.stream().map(t -> new Sequence(t, null)).toList();
        int[] tokens = tokenize(c, seqs, truncate);
        return c.infer(model.embed(truncate, normalize), texts, tokens);
    }

    private Reply openAiEmbeddings(Call c) {
        JsonRequest body = c.body();
        List<String> texts = body.texts("input").texts();
        unsupported(body, "dimensions");
        String format = body.optionalString("encoding_format");
        if (format != null && !format.equals("float") && !format.equals("base64")) {
            throw ApiError.unprocessable("`encoding_format`: expected \"float\" or \"base64\", found \"" + format + "\"");
        }
        checkBatch(texts.size(), "input");
        List<float[]> vectors = embedTexts(c, texts, options.autoTruncate(), true);
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < vectors.size(); i++) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("object", "embedding");
            e.put("embedding", "base64".equals(format) ? base64(vectors.get(i)) : vectors.get(i));
            e.put("index", i);
            data.add(e);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("object", "list");
        out.put("data", data);
        out.put("model", options.modelId());
        out.put("usage", Map.of("prompt_tokens", c.timing.tokens, "total_tokens", c.timing.tokens));
        return Reply.json(out, c.timing);
    }

    /** Little-endian float32 bytes, base64: what OpenAI clients decode. */
    private static String base64(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : v) b.putFloat(x);
        return Base64.getEncoder().encodeToString(b.array());
    }

    // ---- classification ----

    private Reply predict(Call c) {
        model.requireHead(HeadType.SEQUENCE_CLASSIFICATION, "/predict");
        JsonRequest body = c.body();
        requireRightTruncation(body);
        JsonNode inputs = body.required("inputs");
        boolean single;
        List<Sequence> seqs = new ArrayList<>();
        if (inputs.isTextual()) {
            single = true;
            seqs.add(new Sequence(inputs.textValue(), null));
        } else if (inputs.isArray() && !inputs.isEmpty() && inputs.get(0).isTextual()) {
            single = true;   // TEI: ["a"] is one text, ["a", "b"] one pair
            seqs.add(sequence(inputs, "`inputs`"));
        } else if (inputs.isArray()) {
            single = false;
            for (int i = 0; i < inputs.size(); i++) {
                JsonNode s = inputs.get(i);
                if (!s.isArray()) throw JsonRequest.wrong("`inputs[" + i + "]`", "an array of one or two strings", s);
                seqs.add(sequence(s, "`inputs[" + i + "]`"));
            }
        } else {
            throw JsonRequest.wrong("`inputs`", "a string, a pair [string, string] or a batch [[string], [string, string], ...]", inputs);
        }
        checkBatch(seqs.size(), "inputs");
        boolean truncate = truncate(body);
        int[] tokens = tokenize(c, seqs, truncate);
        List<List<LabelScore>> results = c.infer(model.classify(truncate, body.bool("raw_scores", false)), seqs, tokens);
        List<List<Map<String, Object>>> out = results.stream().map(Routes::predictions).toList();
        return Reply.json(single ? out.getFirst() : out, c.timing);
    }

    private static Sequence sequence(JsonNode array, String where) {
        if (array.isEmpty() || array.size() > 2) {
            throw ApiError.unprocessable(where + ": expected one string or a pair of strings, found " + array.size() + " elements");
        }
        String first = JsonRequest.text(array.get(0), where + "[0]");
        String second = array.size() == 2 ? JsonRequest.text(array.get(1), where + "[1]") : null;
        return new Sequence(first, second);
    }

    private static List<Map<String, Object>> predictions(List<LabelScore> scores) {
        List<Map<String, Object>> out = new ArrayList<>(scores.size());
        for (LabelScore s : scores) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("score", (float) s.score());
            m.put("label", s.label());
            out.add(m);
        }
        return out;
    }

    /**
     * Scores (query, text) pairs and sorts them. The score is the probability of the last label (the single sigmoid
     * of a one-logit reranker, else softmax's "relevant"/"positive" class), or that label's logit with raw_scores.
     */
    private Reply rerank(Call c) {
        model.requireHead(HeadType.SEQUENCE_CLASSIFICATION, "/rerank");
        JsonRequest body = c.body();
        requireRightTruncation(body);
        String query = body.string("query");
        JsonNode textsNode = body.required("texts");
        if (!textsNode.isArray()) throw JsonRequest.wrong("`texts`", "an array of strings", textsNode);
        List<String> texts = body.texts("texts").texts();
        if (texts.isEmpty()) throw ApiError.empty("`texts` cannot be empty");
        checkBatch(texts.size(), "texts");
        boolean truncate = truncate(body);
        List<Sequence> seqs = texts.stream().map(t -> new Sequence(query, t)).toList();
        int[] tokens = tokenize(c, seqs, truncate);
        List<List<LabelScore>> results = c.infer(model.classify(truncate, body.bool("raw_scores", false)), seqs, tokens);
        DebertaConfig config = model.model().model().config();
        String relevant = config.id2label.getOrDefault(config.numLabels - 1, "LABEL_" + (config.numLabels - 1));
        boolean returnText = body.bool("return_text", false);
        List<Map<String, Object>> ranks = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            double score = results.get(i).stream().filter(l -> l.label().equals(relevant)).findFirst().orElseThrow().score();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", i);
            if (returnText) m.put("text", texts.get(i));
            m.put("score", (float) score);
            ranks.add(m);
        }
        ranks.sort((a, b) -> Float.compare((Float) b.get("score"), (Float) a.get("score")));
        return Reply.json(ranks, c.timing);
    }

    // ---- tokenizer ----

    private Reply tokenize(Call c) {
        JsonRequest body = c.body();
        List<String> texts = body.texts("inputs").texts();
        unsupported(body, "prompt_name");
        checkBatch(texts.size(), "inputs");
        EncodeOptions encode = new EncodeOptions(body.bool("add_special_tokens", true), null, null);
        List<List<Map<String, Object>>> out = new ArrayList<>();
        for (String text : texts) {
            Encoding e = model.model().tokenizer().encode(text, null, encode);
            int[] cps = text.codePoints().toArray();
            List<Map<String, Object>> tokens = new ArrayList<>();
            for (int t = 0; t < e.length(); t++) {
                boolean special = e.specialTokensMask()[t] == 1;
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", e.ids()[t]);
                m.put("text", special ? e.tokens()[t] : new String(cps, e.start(t), e.end(t) - e.start(t)));
                m.put("special", special);
                // TEI reports UTF-8 byte offsets into the input (Rust string indices)
                m.put("start", special ? null : utf8Length(cps, e.start(t)));
                m.put("stop", special ? null : utf8Length(cps, e.end(t)));
                tokens.add(m);
            }
            out.add(tokens);
        }
        return Reply.json(out);
    }

    private static int utf8Length(int[] cps, int end) {
        return new String(cps, 0, end).getBytes(StandardCharsets.UTF_8).length;
    }

    private Reply decode(Call c) {
        JsonRequest body = c.body();
        JsonNode ids = body.required("ids");
        if (!ids.isArray()) throw JsonRequest.wrong("`ids`", "an array of token ids or an array of such arrays", ids);
        List<int[]> sequences = new ArrayList<>();
        if (!ids.isEmpty() && ids.get(0).isArray()) {
            for (int i = 0; i < ids.size(); i++) sequences.add(tokenIds(ids.get(i), "`ids[" + i + "]`"));
        } else {
            sequences.add(tokenIds(ids, "`ids`"));
        }
        if (sequences.size() == 1 && sequences.getFirst().length == 0) throw ApiError.empty("`ids` cannot be empty");
        checkBatch(sequences.size(), "ids");
        boolean skip = body.bool("skip_special_tokens", true);
        return Reply.json(sequences.stream().map(s -> model.model().tokenizer().decode(s, skip)).toList());
    }

    private int[] tokenIds(JsonNode array, String where) {
        if (!array.isArray()) throw JsonRequest.wrong(where, "an array of token ids", array);
        int vocab = model.model().tokenizer().vocabSize();
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode n = array.get(i);
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.intValue() < 0 || n.intValue() >= vocab) {
                throw JsonRequest.wrong(where + "[" + i + "]", "a token id in 0.." + (vocab - 1), n);
            }
            out[i] = n.intValue();
        }
        return out;
    }

    // ---- ours: fill-mask, token classification, question answering ----

    /** transformers' fill-mask output: per text a list of candidates (one mask) or a list per mask (several). */
    private Reply fillMask(Call c) {
        model.requireHead(HeadType.MASKED_LM, "/fill-mask");
        JsonRequest body = c.body();
        JsonRequest.Texts texts = body.texts("inputs");
        checkBatch(texts.texts().size(), "inputs");
        int topK = body.integer("top_k", 5, 1, 100);
        boolean truncate = truncate(body);
        List<Sequence> seqs = texts.texts().stream().map(t -> new Sequence(t, null)).toList();
        List<Encoding> encodings = new ArrayList<>();
        int[] tokens = tokenize(c, seqs, truncate, encodings);
        for (int i = 0; i < encodings.size(); i++) {
            if (Arrays.stream(encodings.get(i).ids()).noneMatch(id -> id == model.maskId())) {
                throw ApiError.unprocessable("`inputs" + (texts.single() ? "" : "[" + i + "]") + "` has no mask token "
                        + model.maskToken());
            }
        }
        List<ModelService.MaskInput> inputs = texts.texts().stream().map(t -> new ModelService.MaskInput(t, topK)).toList();
        List<List<MaskSlot>> results = c.infer(model.fillMask(truncate), inputs, tokens);
        List<Object> out = new ArrayList<>();
        for (List<MaskSlot> slots : results) {
            List<List<Map<String, Object>>> perMask = new ArrayList<>();
            for (MaskSlot s : slots) {
                List<Map<String, Object>> preds = new ArrayList<>();
                for (MaskPrediction p : s.predictions()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("score", (float) p.score());
                    m.put("token", p.token());
                    m.put("token_str", p.tokenStr());
                    m.put("sequence", p.sequence());
                    preds.add(m);
                }
                perMask.add(preds);
            }
            out.add(perMask.size() == 1 ? perMask.getFirst() : perMask);
        }
        return Reply.json(texts.single() ? out.getFirst() : out, c.timing);
    }

    private Reply tokenClassification(Call c) {
        model.requireHead(HeadType.TOKEN_CLASSIFICATION, "/token-classification");
        JsonRequest body = c.body();
        JsonRequest.Texts texts = body.texts("inputs");
        checkBatch(texts.texts().size(), "inputs");
        String strategyName = body.optionalString("aggregation_strategy");
        AggregationStrategy strategy;
        try {
            strategy = strategyName == null ? AggregationStrategy.NONE : AggregationStrategy.parse(strategyName);
        } catch (IllegalArgumentException e) {
            throw ApiError.unprocessable("`aggregation_strategy`: " + e.getMessage());
        }
        Set<String> ignore = Set.of("O");
        JsonNode ignoreNode = body.node("ignore_labels");
        if (ignoreNode != null) {
            if (!ignoreNode.isArray()) throw JsonRequest.wrong("`ignore_labels`", "an array of strings", ignoreNode);
            Set<String> s = new HashSet<>();
            for (int i = 0; i < ignoreNode.size(); i++) s.add(JsonRequest.text(ignoreNode.get(i), "`ignore_labels[" + i + "]`"));
            ignore = s;
        }
        boolean truncate = truncate(body);
        List<Sequence> seqs = texts.texts().stream().map(t -> new Sequence(t, null)).toList();
        int[] tokens = tokenize(c, seqs, truncate);
        List<List<TokenEntity>> results = c.infer(model.tokenClassification(truncate, strategy, ignore), texts.texts(), tokens);
        List<List<Map<String, Object>>> out = new ArrayList<>();
        for (List<TokenEntity> entities : results) {
            List<Map<String, Object>> list = new ArrayList<>();
            for (TokenEntity e : entities) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put(e.isGroup() ? "entity_group" : "entity", e.label());
                m.put("score", (float) e.score());
                if (!e.isGroup()) m.put("index", e.index());
                m.put("word", e.word());
                m.put("start", e.start());
                m.put("end", e.end());
                list.add(m);
            }
            out.add(list);
        }
        return Reply.json(texts.single() ? out.getFirst() : out, c.timing);
    }

    /** transformers' question-answering output: one {score, start, end, answer}, or a list when top_k > 1. */
    private Reply questionAnswering(Call c) {
        model.requireHead(HeadType.QUESTION_ANSWERING, "/question-answering");
        JsonRequest body = c.body();
        String question = body.string("question");
        String context = body.string("context");
        int topK = body.integer("top_k", 1, 1, 20);
        boolean impossible = body.bool("handle_impossible_answer", false);
        if (question.isBlank()) throw ApiError.unprocessable("`question` cannot be empty");
        if (context.isBlank()) throw ApiError.unprocessable("`context` cannot be empty");
        long t0 = System.nanoTime();
        // long contexts are split into windows by the pipeline: budget the batch for at most one full window
        int tokens = Math.min(model.model().tokenizer().encode(question, context).length(), model.maxInputLength());
        c.timing.tokenizationNanos += System.nanoTime() - t0;
        c.timing.chars += new Sequence(question, context).chars();
        List<List<Answer>> results = c.infer(model.questionAnswering(topK, impossible),
                List.of(new ModelService.QaInput(question, context)), new int[]{tokens});
        List<Map<String, Object>> answers = new ArrayList<>();
        for (Answer a : results.getFirst()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("score", (float) a.score());
            m.put("start", a.start());
            m.put("end", a.end());
            m.put("answer", a.text());
            answers.add(m);
        }
        return Reply.json(topK == 1 ? answers.getFirst() : answers, c.timing);
    }

    // ---- shared checks ----

    private boolean truncate(JsonRequest body) {
        return body.bool("truncate", options.autoTruncate());
    }

    private int[] tokenize(Call c, List<Sequence> seqs, boolean truncate) {
        return tokenize(c, seqs, truncate, null);
    }

    /** Encodes every input (timed, for x-tokenization-time), rejecting over-long ones before anything queues. */
    private int[] tokenize(Call c, List<Sequence> seqs, boolean truncate, List<Encoding> keep) {
        long t0 = System.nanoTime();
        int[] tokens = new int[seqs.size()];
        for (int i = 0; i < seqs.size(); i++) {
            Encoding e;
            try {
                e = model.encode(seqs.get(i), truncate);
            } catch (ApiError err) {
                throw seqs.size() == 1 ? err : new ApiError(err.status(), err.type(), "input " + i + ": " + err.getMessage());
            }
            tokens[i] = e.length();
            c.timing.chars += seqs.get(i).chars();
            if (keep != null) keep.add(e);
        }
        c.timing.tokenizationNanos += System.nanoTime() - t0;
        return tokens;
    }

    private void checkBatch(int size, String field) {
        if (size == 0) throw ApiError.empty("`" + field + "` cannot be empty");
        if (size > options.maxClientBatchSize()) {
            throw ApiError.tooLarge("batch size " + size + " > maximum allowed batch size " + options.maxClientBatchSize()
                    + " (--max-client-batch-size)");
        }
    }

    private static void unsupported(JsonRequest body, String... fields) {
        for (String f : fields) {
            if (body.node(f) != null) throw ApiError.unprocessable("`" + f + "` is not supported by this server");
        }
    }

    private static void requireRightTruncation(JsonRequest body) {
        String d = body.optionalString("truncation_direction");
        if (d != null && !d.equalsIgnoreCase("right")) {
            throw ApiError.unprocessable("`truncation_direction`: only \"Right\" is supported, found \"" + d + "\"");
        }
    }
}
