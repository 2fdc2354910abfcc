package dev.carbonledger.sinks.testing;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.AlertStatus;
import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.LateEmission;
import java.time.Instant;
import java.util.Map;

/** Builders of the Avro records the sinks read, with fixed instants. */
public final class Records {
    public static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    private Records() {}

    public static String totalKey(EmissionsTotal t) {
        return t.getTeam() + "|" + t.getModel() + "|" + t.getNamespace() + "|" + t.getZone();
    }

    public static EmissionsTotal total(String team, String model, String namespace, String zone, double joules,
            double grams) {
        return EmissionsTotal.newBuilder().setTeam(team).setModel(model).setNamespace(namespace).setZone(zone)
                .setEnergyJoules(joules).setCo2eGrams(grams).setSamples(1).setUpdatedAt(T0).build();
    }

    public static IntensityRecord intensity(String zone, Instant from, double value, boolean forecast) {
        return IntensityRecord.newBuilder().setZone(zone).setFrom(from).setGCo2ePerKwh(value)
                .setSignal(IntensitySignal.AVERAGE).setProvider("file").setForecast(forecast).build();
    }

    public static LateEmission late(String team, double joules, double grams) {
        return LateEmission.newBuilder().setTeam(team).setModel("m").setWindowStart(T0.minusSeconds(120))
                .setWindowEnd(T0.minusSeconds(60)).setEnergyJoules(joules).setCo2eGrams(grams).setStreamTime(T0).build();
    }

    public static EnergySample sample(String node, Instant at, double joules) {
        return EnergySample.newBuilder().setPodUid("pod-1").setComponent("package").setNode(node).setTimestamp(at)
                .setEnergyJoules(joules).setSource("demo").build();
    }

    public static AlertEvent alert(String fingerprint, AlertStatus status, Map<String, String> labels, Instant startsAt,
            Instant endsAt) {
        return AlertEvent.newBuilder().setFingerprint(fingerprint).setAlertName("CarbonTestAlert").setStatus(status)
                .setLabels(Map.copyOf(labels)).setAnnotations(Map.of("summary", "test alert " + fingerprint))
                .setStartsAt(startsAt).setEndsAt(endsAt).build();
    }
}
