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

    @Test
    void shouldReadTheCarbonAwareSdkPointArrayAsAForecastAndItsRecords() throws IOException {
        Path file = dir.resolve("forecast.json");
        Files.writeString(file, """
                [
                 {"location": "PJM_ROANOKE", "timestamp": "2023-03-31T00:05:00Z", "duration": 5, "value": 551.01},
                 {"location": "PJM_ROANOKE", "timestamp": "2023-03-31T00:00:00Z", "duration": 5, "value": 550.98},
                 {"location": "PJM_ROANOKE", "timestamp": "2023-03-31T00:10:00Z", "duration": -5, "value": 1},
                 {"location": "CAISO_NORTH", "timestamp": "2023-03-31T00:00:00Z", "duration": 30, "value": 210}
                ]
                """);
        FileIntensitySource source = new FileIntensitySource(file, IntensitySignal.MARGINAL);
        var readings = source.intensity();

        assertThat(readings.forecasts()).extracting(f -> f.getZone(), f -> f.getGeneratedAt(), f -> f.getPoints().size(),
                        f -> f.getSignal())
                .containsExactly(tuple("PJM_ROANOKE", Instant.parse("2023-03-31T00:00:00Z"), 2, IntensitySignal.MARGINAL),
                        tuple("CAISO_NORTH", Instant.parse("2023-03-31T00:00:00Z"), 1, IntensitySignal.MARGINAL));
        assertThat(readings.forecasts().get(0).getPoints()).extracting(p -> p.getGCo2ePerKwh()).containsExactly(550.98, 551.01);
        assertThat(readings.records()).hasSize(3).allSatisfy(r -> {
            assertThat(r.getForecast()).isTrue();
            assertThat(r.getSignal()).isEqualTo(IntensitySignal.MARGINAL);
        });
        assertThat(source.malformedLines()).isEqualTo(1);
    }

    @Test
    void shouldReadWholeSdkForecastsAndSeriesFromForecastRows() throws IOException {
        Path sdk = dir.resolve("sdk.json");
        Files.writeString(sdk, """
                [{"generatedAt": "2026-03-02T08:55:00Z", "location": "DE", "forecastData": [
                   {"location": "DE", "timestamp": "2026-03-02T09:00:00Z", "duration": 60, "value": 300}]}]
                """);
        var fromSdk = new FileIntensitySource(sdk, IntensitySignal.AVERAGE).intensity();
        assertThat(fromSdk.forecasts()).singleElement().satisfies(f -> {
            assertThat(f.getGeneratedAt()).isEqualTo(Instant.parse("2026-03-02T08:55:00Z"));
            assertThat(f.getPoints()).singleElement().satisfies(p -> assertThat(p.getDurationSeconds()).isEqualTo(3600));
        });

        Path rows = dir.resolve("rows.jsonl");
        Files.writeString(rows, """
                {"zone":"DE","from":"2026-03-02T10:00:00Z","gCo2ePerKwh":280,"forecast":true}
                {"zone":"DE","from":"2026-03-02T09:00:00Z","gCo2ePerKwh":300}
                {"zone":"DE","from":"2026-03-02T11:00:00Z","to":"2026-03-02T11:30:00Z","gCo2ePerKwh":250,"forecast":true}
                """);
        var fromRows = new FileIntensitySource(rows).intensity();
        assertThat(fromRows.records()).hasSize(3);
        assertThat(fromRows.forecasts()).singleElement().satisfies(f -> {
            assertThat(f.getSignal()).isEqualTo(IntensitySignal.AVERAGE);
            assertThat(f.getPoints()).extracting(p -> p.getFrom(), p -> p.getDurationSeconds()).containsExactly(
                    tuple(Instant.parse("2026-03-02T10:00:00Z"), 3600), tuple(Instant.parse("2026-03-02T11:00:00Z"), 1800));
        });
    }
}
