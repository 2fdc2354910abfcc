package dev.carbonledger.collectors.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The README's settings table stays in step with the code. */
class ReadmeSettingsTest {

    @Test
    void shouldDocumentEverySettingWithItsDefault() throws IOException {
        String readme = Files.readString(Path.of("README.md"));

        assertThat(Arrays.stream(CollectorSetting.values())).allSatisfy(s -> {
            String row = "| `" + s.envName() + "` | " + (s.defaultValue().isEmpty() ? "" : "`" + s.defaultValue() + "`");
            assertThat(readme).as("README row of %s", s.envName()).contains(row);
        });
    }
}
