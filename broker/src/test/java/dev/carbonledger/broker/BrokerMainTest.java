package dev.carbonledger.broker;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BrokerMainTest {

    @Test
    void shouldParseEveryOption() {
        BrokerMain.Options options = BrokerMain.Options.parse(new String[] {
            "--data-dir", "target/x", "--port", "0", "--controller-port", "29093", "--partitions", "2",
            "--startup-timeout-ms", "5000", "--server-property", "log.retention.hours=1", "--exit-on-stdin-eof"});

        assertThat(options.config.dataDir()).isEqualTo(Path.of("target/x").toAbsolutePath());
        assertThat(options.config.port()).isZero();
        assertThat(options.config.controllerPort()).isEqualTo(29093);
        assertThat(options.config.partitions()).isEqualTo(2);
        assertThat(options.config.startupTimeout().toMillis()).isEqualTo(5000);
        assertThat(options.config.serverOverrides()).containsEntry("log.retention.hours", "1");
        assertThat(options.exitOnStdinEof).isTrue();
    }

    @Test
    void shouldReportAllArgumentErrorsTogether() {
        assertThatThrownBy(() -> BrokerMain.Options.parse(new String[] {"--port", "x", "--bogus", "1"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --bogus")
                .hasMessageContaining("--data-dir is required")
                .hasMessageContaining("--port must be an integer, was 'x'");
    }
}
