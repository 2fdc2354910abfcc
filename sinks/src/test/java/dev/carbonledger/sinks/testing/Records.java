package dev.carbonledger.sinks.testing;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.AlertStatus;
import dev.carbonledger.avro.Budget;
import dev.carbonledger.avro.BudgetPeriod;
import dev.carbonledger.avro.BudgetStatus;
import dev.carbonledger.avro.BudgetTier;
import dev.carbonledger.avro.EmissionsTotal;
import dev.carbonledger.avro.EnergySample;
import dev.carbonledger.avro.ForecastPoint;
import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.IntensityRecord;
import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.avro.LateEmission;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.avro.PolicyKind;
import dev.carbonledger.avro.PolicyVerdict;
import dev.carbonledger.avro.SciWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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

    /** An SCI window of one minute from {@code windowStart}; {@code sci == null} when no unit was counted. */
    public static SciWindow sci(String model, String unit, Instant windowStart, Double sci) {
        return SciWindow.newBuilder().setModel(model).setUnit(unit).setWindowStart(windowStart)
                .setWindowEnd(windowStart.plusSeconds(60)).setEnergyJoules(3600).setOperationalGrams(0.4)
                .setEmbodiedGrams(0.1).setFunctionalUnits(sci == null ? 0 : 0.5 / sci).setSciGramsPerUnit(sci)
                .setFinal$(false).build();
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

    public static IntensityRecord intensity(String zone, Instant from, double value, IntensitySignal signal) {
        return IntensityRecord.newBuilder().setZone(zone).setFrom(from).setGCo2ePerKwh(value).setSignal(signal)
                .setProvider("file").setForecast(false).build();
    }

    public static Budget budget(String team, BudgetPeriod period, double limitGrams, BudgetTier tier) {
        return Budget.newBuilder().setTeam(team).setPeriod(period).setLimitGrams(limitGrams).setTier(tier)
                .setThresholds(new ArrayList<>(List.of(0.5, 0.8, 1.0))).setUpdatedBy("test").setUpdatedAt(T0).build();
    }

    /** The status of a team's day budget in the day of {@code T0}, with {@code spent} of {@code limit} used. */
    public static BudgetStatus dayStatus(String team, BudgetTier tier, double limit, double spent, double burnRate,
                                         Instant projectedExhaustion) {
        Instant start = Instant.parse("2026-03-01T00:00:00Z");
        return status(team, BudgetPeriod.DAY, tier, start, start.plusSeconds(86_400), limit, spent, burnRate,
                projectedExhaustion);
    }

    public static BudgetStatus status(String team, BudgetPeriod period, BudgetTier tier, Instant periodStart,
                                      Instant periodEnd, double limit, double spent, double burnRate,
                                      Instant projectedExhaustion) {
        return BudgetStatus.newBuilder().setTeam(team).setPeriod(period).setTier(tier).setPeriodStart(periodStart)
                .setPeriodEnd(periodEnd).setLimitGrams(limit).setSpentGrams(spent).setRemainingGrams(limit - spent)
                .setFraction(spent / limit).setBurnRate(burnRate).setProjectedExhaustion(projectedExhaustion)
                .setUpdatedAt(T0).setEnergyJoules(spent * 10).setTransferredGrams(0.0).build();
    }

    /** A forecast of equal steps of {@code stepSeconds} from {@code from}, one point per value. */
    public static IntensityForecast forecast(String zone, Instant generatedAt, Instant from, int stepSeconds,
                                             double... values) {
        List<ForecastPoint> points = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            points.add(ForecastPoint.newBuilder().setFrom(from.plusSeconds((long) i * stepSeconds))
                    .setDurationSeconds(stepSeconds).setGCo2ePerKwh(values[i]).build());
        }
        return IntensityForecast.newBuilder().setZone(zone).setProvider("file").setSignal(IntensitySignal.AVERAGE)
                .setGeneratedAt(generatedAt).setPoints(points).build();
    }

    public static PolicyDecision gateDecision(String team, PolicyVerdict verdict, String reason) {
        return PolicyDecision.newBuilder().setSubject("team:" + team).setKind(PolicyKind.BUDGET_GATE)
                .setDecision(verdict).setReason(reason).setValidFrom(T0).setValidUntil(T0.plusSeconds(3600))
                .setTeam(team).setInputs(Map.of("fraction", "1.2", "tier", "hard")).build();
    }
}
