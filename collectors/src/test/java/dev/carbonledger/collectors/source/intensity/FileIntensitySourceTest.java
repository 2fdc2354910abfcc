package dev.carbonledger.collectors.source.intensity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileIntensitySourceTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadJsonLinesSkippingMalformedLines() throws IOException {
        Path file = dir.resolve("intensity.jsonl");
        Files.writeString(file, """
                {"zone":"DE","from":"2026-03-02T09:00:00Z","to":"2026-03-02T10:00:00Z","gCo2ePerKwh":302.5}
                {"zone":"DE","from":1772445600000,"gCo2ePerKwh":280,"forecast":true}
                {"zone":"FR","from":"2026-03-02T09:00:00.250Z","gCo2ePerKwh":"lots"}
                not json

                {"zone":"FR","from":"2026-03-02T09:00:00+01:00","gCo2ePerKwh":35,"signal":"marginal","estimated":true}
                """);
        FileIntensitySource source = new FileIntensitySource(file);

        assertThat(source.intensity().records())
                .extracting(IntensityRecord::getZone, IntensityRecord::getFrom, IntensityRecord::getGCo2ePerKwh,
                        IntensityRecord::getForecast, IntensityRecord::getSignal, IntensityRecord::getEstimated)
                .containsExactly(
                        tuple("DE", Instant.parse("2026-03-02T09:00:00Z"), 302.5, false, IntensitySignal.AVERAGE, false),
                        tuple("DE", Instant.parse("2026-03-02T10:00:00Z"), 280.0, true, IntensitySignal.AVERAGE, false),
                        tuple("FR", Instant.parse("2026-03-02T08:00:00Z"), 35.0, false, IntensitySignal.MARGINAL, true));
        assertThat(source.malformedLines()).isEqualTo(2);
    }

    @Test
    void shouldReadCsvAndRereadOnlyWhenTheFileChanges() throws IOException {
        Path file = dir.resolve("intensity.csv");
        Files.writeString(file, "zone,from,to,gCo2ePerKwh,forecast\nGB,2026-03-02T09:30Z,2026-03-02T10:00Z,184,false\n");
        FileIntensitySource source = new FileIntensitySource(file);

        assertThat(source.intensity().records()).singleElement().satisfies(r -> {
            assertThat(r.getZone()).isEqualTo("GB");
            assertThat(r.getTo()).isEqualTo(Instant.parse("2026-03-02T10:00:00Z"));
            assertThat(r.getProvider()).isEqualTo("file");
        });
        assertThat(source.intensity().isEmpty()).isTrue();

        Files.writeString(file, "zone,from,to,gCo2ePerKwh,forecast\nGB,2026-03-02T09:30Z,,184,false\n"
                + "GB,2026-03-02T10:00Z,,170,true\nGB,2026-03-02T10:30Z,1,2\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-03-02T10:00:00Z")));
        assertThat(source.intensity().records()).extracting(IntensityRecord::getGCo2ePerKwh).containsExactly(184.0, 170.0);
        assertThat(source.malformedLines()).isEqualTo(1);
    }
}
