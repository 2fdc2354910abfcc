package dev.carbonledger.testsupport;

import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.NodeInfo;
import dev.carbonledger.avro.PodMetadata;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RecordBuildersTest {

    private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void shouldBuildAnEnergySampleWithTheGivenFields() {
        EnergySample sample = EnergySamples.aSample().forPod("p").component("dram").node("n1").at(AT).joules(12.5)
                .source("rapl").build();

        assertThat(sample.getPodUid()).isEqualTo("p");
        assertThat(sample.getComponent()).isEqualTo("dram");
        assertThat(sample.getNode()).isEqualTo("n1");
        assertThat(sample.getTimestamp()).isEqualTo(AT);
        assertThat(sample.getEnergyJoules()).isEqualTo(12.5);
        assertThat(sample.getSource()).isEqualTo("rapl");
    }

    @Test
    void shouldDefaultToFixedEventTimeAndPackageComponent() {
        EnergySample sample = EnergySamples.aSample().build();

        assertThat(sample.getTimestamp()).isEqualTo(TestTime.T0);
        assertThat(sample.getComponent()).isEqualTo("package");
        assertThat(sample.getSource()).isEqualTo("test");
    }

    @Test
    void shouldBuildPodMetadataWithOptionalAttributionUnsetByDefault() {
        PodMetadata attributed = Pods.aPod("uid-1").team("search").model("ranker").node("n1")
                .label("app", "ranker").build();
        PodMetadata bare = Pods.aPod("uid-2").build();

        assertThat(attributed.getTeam()).isEqualTo("search");
        assertThat(attributed.getModel()).isEqualTo("ranker");
        assertThat(attributed.getNode()).isEqualTo("n1");
        assertThat(attributed.getLabels()).containsEntry("app", "ranker");
        assertThat(bare.getTeam()).isNull();
        assertThat(bare.getModel()).isNull();
        assertThat(bare.getNamespace()).isEqualTo("default");
        assertThat(bare.getName()).isEqualTo("pod-uid-2");
    }

    @Test
    void shouldBuildNodeInfoWithPueOnlyWhenGiven() {
        NodeInfo withPue = Nodes.aNode("n1").zone("DE").pue(1.2).embodiedGramsPerHour(3.5).build();
        NodeInfo withoutPue = Nodes.aNode("n2").build();

        assertThat(withPue.getZone()).isEqualTo("DE");
        assertThat(withPue.getPue()).isEqualTo(1.2);
        assertThat(withPue.getEmbodiedGramsPerHour()).isEqualTo(3.5);
        assertThat(withoutPue.getPue()).isNull();
        assertThat(withoutPue.getZone()).isEqualTo("test-zone");
    }

    @Test
    void shouldBuildAnIntensityRecord() {
        IntensityRecord record = Intensities.anIntensity("DE").from(AT).to(AT.plusSeconds(3600)).gCo2ePerKwh(300)
                .signal(IntensitySignal.MARGINAL).provider("file").estimated(true).forecast(true).build();

        assertThat(record.getZone()).isEqualTo("DE");
        assertThat(record.getFrom()).isEqualTo(AT);
        assertThat(record.getTo()).isEqualTo(AT.plusSeconds(3600));
        assertThat(record.getGCo2ePerKwh()).isEqualTo(300.0);
        assertThat(record.getSignal()).isEqualTo(IntensitySignal.MARGINAL);
        assertThat(record.getProvider()).isEqualTo("file");
        assertThat(record.getEstimated()).isTrue();
        assertThat(record.getForecast()).isTrue();
    }
}
