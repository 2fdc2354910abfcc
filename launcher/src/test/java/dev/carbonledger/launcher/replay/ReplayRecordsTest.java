package dev.carbonledger.launcher.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetPeriod;
import dev.carbonledger.avro.BudgetTier;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplayRecordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void shouldReadASampleWithAnRfc3339Timestamp() throws Exception {
        EnergySample s = ReplayRecords.sample(json(
                "{\"ts\":\"2024-03-01T10:00:05.250Z\",\"node\":\"n1\",\"pod\":\"p1\",\"component\":\"package\",\"joules\":12.5}"));

        assertThat(s.getTimestamp()).isEqualTo(Instant.parse("2024-03-01T10:00:05.250Z"));
        assertThat(s.getPodUid()).isEqualTo("p1");
        assertThat(s.getNode()).isEqualTo("n1");
        assertThat(s.getComponent()).isEqualTo("package");
        assertThat(s.getEnergyJoules()).isEqualTo(12.5);
    }

    @Test
    void shouldAcceptEpochMillisAndOffsetsAndLowerCaseRfc3339() throws Exception {
        long millis = Instant.parse("2024-03-01T10:00:00Z").toEpochMilli();
        String base = ",\"node\":\"n\",\"pod\":\"p\",\"component\":\"c\",\"joules\":1}";

        assertThat(ReplayRecords.sample(json("{\"ts\":" + millis + base)).getTimestamp().toEpochMilli()).isEqualTo(millis);
        assertThat(ReplayRecords.sample(json("{\"ts\":\"2024-03-01T11:00:00+01:00\"" + base)).getTimestamp().toEpochMilli())
                .isEqualTo(millis);
        assertThat(ReplayRecords.sample(json("{\"ts\":\"2024-03-01t10:00:00z\"" + base)).getTimestamp().toEpochMilli())
                .isEqualTo(millis);
    }

    @Test
    void shouldRejectSamplesThatBreakTheSchemaMeaning() {
        assertThatThrownBy(() -> ReplayRecords.sample(json("{\"ts\":1,\"node\":\"n\",\"pod\":\"p\",\"component\":\"c\"}")))
                .hasMessage("missing field \"joules\"");
        assertThatThrownBy(() -> ReplayRecords.sample(json("{\"ts\":1,\"node\":\"n\",\"pod\":\"p\",\"component\":\"c\",\"joules\":-1}")))
                .hasMessageContaining("\"joules\" must be a finite number >= 0");
        assertThatThrownBy(() -> ReplayRecords.sample(json("{\"ts\":1,\"node\":\"n\",\"pod\":\"\",\"component\":\"c\",\"joules\":1}")))
                .hasMessageContaining("\"pod\" must be a non-empty string");
        assertThatThrownBy(() -> ReplayRecords.sample(json("{\"ts\":\"yesterday\",\"node\":\"n\",\"pod\":\"p\",\"component\":\"c\",\"joules\":1}")))
                .hasMessageContaining("not an RFC 3339 timestamp");
    }

    @Test
    void shouldTreatAMissingOrEmptyTeamAsUnattributed() throws Exception {
        PodMetadata pod = ReplayRecords.pod(json("{\"pod\":\"p\",\"namespace\":\"ns\",\"name\":\"a\",\"team\":\"\"}"));

        assertThat(pod.getTeam()).isNull();
        assertThat(pod.getModel()).isNull();
    }

    @Test
    void shouldReadNodesWithAndWithoutPue() throws Exception {
        NodeInfo withPue = ReplayRecords.node(json("{\"node\":\"n\",\"zone\":\"DE\",\"pue\":1.2}"));
        NodeInfo without = ReplayRecords.node(json("{\"node\":\"n\",\"zone\":\"DE\"}"));

        assertThat(withPue.getPue()).isEqualTo(1.2);
        assertThat(without.getPue()).isNull();
    }

    @Test
    void shouldReadForecastIntensity() throws Exception {
        IntensityRecord r = ReplayRecords.intensity(json(
                "{\"zone\":\"DE\",\"from\":\"2024-03-01T10:00:00Z\",\"to\":\"2024-03-01T11:00:00Z\",\"gCo2ePerKwh\":300,\"forecast\":true}"));

        assertThat(r.getFrom()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(r.getTo()).isEqualTo(Instant.parse("2024-03-01T11:00:00Z"));
        assertThat(r.getGCo2ePerKwh()).isEqualTo(300.0);
        assertThat(r.getForecast()).isTrue();
    }

    @Test
    void shouldReadABudgetWithItsDefaults() throws Exception {
        Budget b = ReplayRecords.budget(json("{\"team\":\"research\",\"period\":\"week\",\"limitGrams\":2500.5}"));
        assertThat(b.getTeam()).isEqualTo("research");
        assertThat(b.getPeriod()).isEqualTo(BudgetPeriod.WEEK);
        assertThat(b.getLimitGrams()).isEqualTo(2500.5);
        assertThat(b.getTier()).isEqualTo(BudgetTier.SOFT);
        assertThat(b.getThresholds()).containsExactly(0.5, 0.8, 1.0);
        Budget hard = ReplayRecords.budget(json(
                "{\"team\":\"t\",\"period\":\"month\",\"limitGrams\":1,\"tier\":\"hard\",\"thresholds\":[1.2,0.9]}"));
        assertThat(hard.getTier()).isEqualTo(BudgetTier.HARD);
        assertThat(hard.getThresholds()).containsExactly(0.9, 1.2);
    }

    @Test
    void shouldRejectBudgetsThatCannotApplyWithEveryReason() {
        assertThatThrownBy(() -> ReplayRecords.budget(json("{\"team\":\"t\",\"period\":\"year\",\"limitGrams\":1}")))
                .hasMessage("\"period\" must be day, week or month, got \"year\"");
        assertThatThrownBy(() -> ReplayRecords.budget(json("{\"team\":\"t\",\"period\":\"day\",\"limitGrams\":\"5kg\"}")))
                .hasMessage("\"limitGrams\" must be a number, got \"5kg\"");
        assertThatThrownBy(() -> ReplayRecords.budget(json(
                "{\"team\":\"-t\",\"period\":\"day\",\"limitGrams\":0,\"thresholds\":[0.5,0.5]}")))
                .hasMessageContaining("team '-t' is not a valid team name")
                .hasMessageContaining("limit must be a positive amount, got 0.0 g")
                .hasMessageContaining("threshold 0.5 is listed twice");
        assertThatThrownBy(() -> ReplayRecords.budget(json("{\"team\":\"t\",\"period\":\"day\",\"limitGrams\":5,\"thresholds\":\"0.5\"}")))
                .hasMessage("\"thresholds\" must be an array of fractions of the limit, got \"0.5\"");
    }
}
