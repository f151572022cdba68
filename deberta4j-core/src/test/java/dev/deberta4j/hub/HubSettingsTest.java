package dev.deberta4j.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubSettingsTest {

    @TempDir Path home;

    @Test
    void defaultsMatchHuggingFaceHub() {
        HubSettings s = HubSettings.fromEnvironment(Map.of(), home);
        assertThat(s.endpoint()).isEqualTo(URI.create("https://huggingface.co"));
        assertThat(s.cacheDir()).isEqualTo(home.resolve(".cache/huggingface/hub"));
        assertThat(s.token()).isEmpty();
        assertThat(s.offline()).isFalse();
    }

    @Test
    void hfHomeMovesCacheAndTokenFile() throws IOException {
        Path hfHome = home.resolve("hf");
        Files.createDirectories(hfHome);
        Files.writeString(hfHome.resolve("token"), "hf_from_file\n");
        HubSettings s = HubSettings.fromEnvironment(Map.of("HF_HOME", hfHome.toString()), home);
        assertThat(s.cacheDir()).isEqualTo(hfHome.resolve("hub"));
        assertThat(s.token()).contains("hf_from_file");
    }

    @Test
    void xdgCacheHomeIsTheDefaultParentOfHfHome() {
        HubSettings s = HubSettings.fromEnvironment(Map.of("XDG_CACHE_HOME", home.resolve("xdg").toString()), home);
        assertThat(s.cacheDir()).isEqualTo(home.resolve("xdg/huggingface/hub"));
    }

    @Test
    void explicitVariablesWin() throws IOException {
        Path tokenFile = Files.writeString(home.resolve("tok"), "hf_path_token");
        Map<String, String> env = Map.of("HF_HOME", home.resolve("hf").toString(),
                "HF_HUB_CACHE", home.resolve("elsewhere").toString(),
                "HF_ENDPOINT", "http://mirror.example:8080/",
                "HF_TOKEN_PATH", tokenFile.toString(),
                "HF_HUB_OFFLINE", "1");
        HubSettings s = HubSettings.fromEnvironment(env, home);
        assertThat(s.cacheDir()).isEqualTo(home.resolve("elsewhere"));
        assertThat(s.endpoint()).isEqualTo(URI.create("http://mirror.example:8080"));
        assertThat(s.token()).contains("hf_path_token");
        assertThat(s.offline()).isTrue();
    }

    @Test
    void hfTokenVariableBeatsTheTokenFile() throws IOException {
        Path hfHome = Files.createDirectories(home.resolve("hf"));
        Files.writeString(hfHome.resolve("token"), "hf_from_file");
        HubSettings s = HubSettings.fromEnvironment(Map.of("HF_HOME", hfHome.toString(), "HF_TOKEN", "hf_env"), home);
        assertThat(s.token()).contains("hf_env");
    }

    @Test
    void offlineAcceptsTheSameSpellingsAsPython() {
        for (String yes : new String[] {"1", "true", "TRUE", "yes", "on"}) {
            assertThat(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", yes), home).offline()).as(yes).isTrue();
        }
        for (String no : new String[] {"0", "false", "no", ""}) {
            assertThat(HubSettings.fromEnvironment(Map.of("HF_HUB_OFFLINE", no), home).offline()).as(no).isFalse();
        }
    }

    @Test
    void aBlankTokenIsNoToken() {
        assertThat(new HubSettings(URI.create("http://x"), home, Optional.of("  "), false).token()).isEmpty();
    }

    @Test
    void aRelativeEndpointIsRejected() {
        assertThatThrownBy(() -> HubSettings.fromEnvironment(Map.of("HF_ENDPOINT", "huggingface.co"), home))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("huggingface.co");
    }
}
