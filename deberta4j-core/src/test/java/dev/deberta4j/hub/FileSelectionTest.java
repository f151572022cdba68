package dev.deberta4j.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FileSelectionTest {

    static final List<String> KOREAN_DEBERTA = List.of(".gitattributes", "README.md", "config.json",
            "flax_model.msgpack", "model.safetensors", "pytorch_model.bin", "rust_model.ot", "special_tokens_map.json",
            "spm.model", "tf_model.h5", "tokenizer.json", "tokenizer_config.json", "onnx/model.onnx");

    @Test
    void defaultTakesConfigTokenizerAndSafetensorsOnly() {
        assertThat(FileSelection.select(KOREAN_DEBERTA, List.of())).containsExactly("config.json",
                "model.safetensors", "special_tokens_map.json", "spm.model", "tokenizer.json", "tokenizer_config.json");
    }

    @Test
    void pytorchWeightsOnlyWhenThereAreNoSafetensors() {
        List<String> files = List.of("config.json", "pytorch_model.bin", "tf_model.h5", "vocab.txt",
                "added_tokens.json");
        assertThat(FileSelection.select(files, List.of()))
                .containsExactly("config.json", "pytorch_model.bin", "vocab.txt", "added_tokens.json");
    }

    @Test
    void xlmRobertaSentencePieceAndBertVocabAreTokenizerFiles() {
        List<String> xlmr = List.of("config.json", "model.safetensors", "sentencepiece.bpe.model", "tokenizer.json",
                "onnx/model.onnx", "flax_model.msgpack");
        assertThat(FileSelection.select(xlmr, List.of()))
                .containsExactly("config.json", "model.safetensors", "sentencepiece.bpe.model", "tokenizer.json");
        List<String> kcbert = List.of("config.json", "pytorch_model.bin", "vocab.txt", "tokenizer_config.json");
        assertThat(FileSelection.select(kcbert, List.of())).containsExactlyElementsOf(kcbert);
    }

    @Test
    void shardedWeightsComeWithTheirIndex() {
        List<String> safetensors = List.of("config.json", "model.safetensors.index.json",
                "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors",
                "pytorch_model.bin.index.json", "pytorch_model-00001-of-00002.bin");
        assertThat(FileSelection.select(safetensors, List.of())).containsExactly("config.json",
                "model.safetensors.index.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors");
        List<String> pytorch = List.of("config.json", "pytorch_model.bin.index.json",
                "pytorch_model-00001-of-00002.bin", "pytorch_model-00002-of-00002.bin");
        assertThat(FileSelection.select(pytorch, List.of())).isEqualTo(pytorch);
    }

    @Test
    void includeGlobsUseFnmatchWhereStarCrossesFolders() {
        assertThat(FileSelection.select(KOREAN_DEBERTA, List.of("*.onnx"))).containsExactly("onnx/model.onnx");
        assertThat(FileSelection.select(KOREAN_DEBERTA, List.of("onnx/"))).containsExactly("onnx/model.onnx");
        assertThat(FileSelection.select(KOREAN_DEBERTA, List.of("rust_model.ot", "*.h5")))
                .containsExactly("rust_model.ot", "tf_model.h5");
        assertThat(FileSelection.select(KOREAN_DEBERTA, List.of("[st]*.json")))
                .containsExactly("special_tokens_map.json", "tokenizer.json", "tokenizer_config.json");
        assertThat(FileSelection.select(KOREAN_DEBERTA, List.of("[!st]*.json"))).containsExactly("config.json");
        assertThat(FileSelection.select(KOREAN_DEBERTA, List.of("spm.mode?"))).containsExactly("spm.model");
    }

    @Test
    void globCharactersThatAreRegexSyntaxAreLiteral() {
        assertThat(FileSelection.select(List.of("a+b.txt", "aab.txt"), List.of("a+b.txt"))).containsExactly("a+b.txt");
    }
}
