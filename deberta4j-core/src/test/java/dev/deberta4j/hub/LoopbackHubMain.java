package dev.deberta4j.hub;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a {@link LoopbackHub} with one small repo for SECONDS seconds and prints its endpoint, so Python's
 * huggingface_hub can be pointed at it (HF_ENDPOINT) to compare cache layouts; see docs/hub-cache.md.
 * Arguments: SECONDS [WEIGHTS_BYTES (default 300000)].
 */
public final class LoopbackHubMain {
    public static void main(String[] args) throws Exception {
        try (LoopbackHub hub = new LoopbackHub()) {
            Map<String, LoopbackHub.HubFile> files = new LinkedHashMap<>();
            files.put("config.json", new LoopbackHub.HubFile(
                    "{\"model_type\": \"deberta-v2\"}".getBytes(StandardCharsets.UTF_8), false));
            files.put("tokenizer_config.json", new LoopbackHub.HubFile("{}".getBytes(StandardCharsets.UTF_8), false));
            files.put("model.safetensors", new LoopbackHub.HubFile(HubClientTest.randomBytes(
                    args.length > 1 ? Integer.parseInt(args[1]) : 300_000, 7), true));
            files.put("onnx/model.onnx", new LoopbackHub.HubFile(HubClientTest.randomBytes(2_000, 8), true));
            hub.addRepo("team-lucid/tiny-deberta", HubClientTest.COMMIT, files, false);
            System.out.println(hub.endpoint());
            Thread.sleep(Long.parseLong(args[0]) * 1000);
        }
    }
}
