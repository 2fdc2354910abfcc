package dev.carbonledger.streams.internal;

import dev.carbonledger.avro.IntensityForecast;
import dev.carbonledger.avro.PolicyDecision;
import dev.carbonledger.avro.PolicyKind;
import dev.carbonledger.avro.PolicyVerdict;
import dev.carbonledger.domain.window.CarbonWindows;
import dev.carbonledger.domain.window.ForecastPoint;
import dev.carbonledger.domain.window.WindowAverage;
import dev.carbonledger.schemas.mapping.DomainRecords;
import dev.carbonledger.streams.AccountingMetrics;
import dev.carbonledger.streams.AccountingMetrics.Counter;
import dev.carbonledger.streams.AccountingOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carbon-aware windows per zone (DESIGN section 6) from the forecasts topic: for each of the common job lengths, the
 * start time with the lowest average forecast intensity from now to the forecast's end, by the Carbon Aware SDK's
 * rolling-average method ({@link CarbonWindows}), with the expected saving against starting now. Published on the
 * policy topic as {@code zone:<zone>/<length>} (and {@code zone:<zone>} for the shortest length), kind
 * {@code CARBON_WINDOW}, decision {@code RUN_AT}, valid until the next re-judgement.
 *
 * <p>The latest forecast per zone (the one generated last) is kept in the change-logged {@code forecasts-store}; the
 * windows are judged again on every new forecast and every {@code windowRefresh} of wall clock, since "now" moves.
 * Forecasts of any signal are used: marginal data feeds policy (never the ledger).
 */
public final class CarbonWindowsProcessor implements Processor<String, IntensityForecast, String, Object> {
    private static final Logger LOGGER = LoggerFactory.getLogger(CarbonWindowsProcessor.class);

    private final AccountingOptions options;
    private final AccountingMetrics metrics;
    private final String storeName;
    private final String policySink;

    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, byte[]> store;

    public CarbonWindowsProcessor(AccountingOptions options, AccountingMetrics metrics, String storeName, String policySink) {
        this.options = options;
        this.metrics = metrics;
        this.storeName = storeName;
        this.policySink = policySink;
    }

    @Override
    public void init(ProcessorContext<String, Object> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
        context.schedule(options.windowRefresh(), PunctuationType.WALL_CLOCK_TIME, now -> judgeAll());
    }

    @Override
    public void process(Record<String, IntensityForecast> record) {
        IntensityForecast f = record.value();
        if (f == null) {
            return; // a tombstone on the compacted forecasts topic: the held forecast stays until a newer one
        }
        ZoneForecast forecast;
        try {
            forecast = new ZoneForecast(f.getZone(), f.getProvider(), DomainRecords.signal(f.getSignal()).label(),
                    f.getGeneratedAt().toEpochMilli(), DomainRecords.points(f));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("invalid forecast for zone '" + f.getZone() + "': " + e.getMessage());
        }
        if (forecast.zone().isBlank() || forecast.points().isEmpty()) {
            throw new InvalidInputException("invalid forecast: " + (forecast.zone().isBlank() ? "empty zone" : "no points"));
        }
        ZoneForecast held = ZoneForecast.decode(store.get(forecast.zone()));
        if (held != null && held.generatedAt() > forecast.generatedAt()) {
            LOGGER.debug("event=forecast_older_than_held zone={} generatedAt={} held={}", forecast.zone(),
                    forecast.generatedAt(), held.generatedAt());
            return;
        }
        long now = context.currentSystemTimeMs();
        List<PolicyDecision> decisions;
        try {
            decisions = decisions(forecast, now, options.jobLengths(), options.windowRefresh());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("unusable forecast for zone '" + forecast.zone() + "': " + e.getMessage());
        }
        store.put(forecast.zone(), forecast.encode());
        LOGGER.info("event=forecast_held zone={} provider={} signal={} generatedAt={} points={}", forecast.zone(),
                forecast.provider(), forecast.signal(), Instant.ofEpochMilli(forecast.generatedAt()), forecast.points().size());
        publish(decisions, now);
    }

    private void judgeAll() {
        List<ZoneForecast> forecasts = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> e = it.next();
                forecasts.add(ZoneForecast.decode(e.value));
            }
        }
        forecasts.forEach(this::judge);
    }

    private void judge(ZoneForecast forecast) {
        long now = context.currentSystemTimeMs();
        publish(decisions(forecast, now, options.jobLengths(), options.windowRefresh()), now);
    }

    private void publish(List<PolicyDecision> decisions, long now) {
        for (PolicyDecision d : decisions) {
            metrics.increment(Counter.POLICY_DECISIONS);
            context.forward(new Record<String, Object>(d.getSubject(), d, now), policySink);
        }
    }

    /** The decisions for one forecast at {@code now}; the first length also gets the plain {@code zone:<zone>} subject. */
    static List<PolicyDecision> decisions(ZoneForecast f, long now, List<Duration> lengths, Duration validity) {
        List<PolicyDecision> out = new ArrayList<>();
        List<Duration> sorted = lengths.stream().sorted().toList();
        for (Duration length : sorted) {
            PolicyDecision d = decision(f, now, length, validity);
            out.add(d);
            if (length.equals(sorted.get(0))) {
                out.add(PolicyDecision.newBuilder(d).setSubject("zone:" + f.zone()).build());
            }
        }
        return out;
    }

    static PolicyDecision decision(ZoneForecast f, long now, Duration length, Duration validity) {
        long l = length.toMillis();
        List<ForecastPoint> points = f.points();
        long first = points.get(0).startMillis();
        long last = points.get(points.size() - 1).endMillis();
        long earliest = Math.max(now, first);
        Optional<WindowAverage> best = CarbonWindows.best(points, earliest, last - l, l);
        OptionalDouble startNow = CarbonWindows.averageOver(points, now, now + l);
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("jobLength", length.toString());
        inputs.put("provider", f.provider());
        inputs.put("signal", f.signal());
        inputs.put("forecastGeneratedAt", Instant.ofEpochMilli(f.generatedAt()).toString());
        inputs.put("forecastFrom", Instant.ofEpochMilli(first).toString());
        inputs.put("forecastTo", Instant.ofEpochMilli(last).toString());
        PolicyDecision.Builder b = PolicyDecision.newBuilder()
                .setSubject("zone:" + f.zone() + "/" + label(length))
                .setKind(PolicyKind.CARBON_WINDOW)
                .setDecision(PolicyVerdict.RUN_AT)
                .setValidFrom(Instant.ofEpochMilli(now))
                .setValidUntil(Instant.ofEpochMilli(now + validity.toMillis()))
                .setZone(f.zone())
                .setInputs(inputs);
        if (best.isEmpty()) {
            return b.setRecommendedStart(Instant.ofEpochMilli(now))
                    .setReason("the " + f.provider() + " forecast for " + f.zone() + " (" + Instant.ofEpochMilli(first)
                            + " to " + Instant.ofEpochMilli(last) + ") covers no " + label(length)
                            + " job from now: run now")
                    .build();
        }
        WindowAverage w = best.get();
        b.setRecommendedStart(Instant.ofEpochMilli(w.startMillis())).setExpectedGCo2ePerKwh(w.value());
        String reason;
        if (startNow.isPresent()) {
            double nowValue = startNow.getAsDouble();
            double saving = nowValue > 0 ? 1 - w.value() / nowValue : 0;
            b.setNowGCo2ePerKwh(nowValue).setExpectedSavingFraction(saving);
            reason = w.startMillis() <= now
                    ? String.format(Locale.ROOT, "now is the cleanest start for a %s job in %s: %.0f gCO2e/kWh on average",
                            label(length), f.zone(), w.value())
                    : String.format(Locale.ROOT, "a %s job in %s started at %s instead of now emits %.0f%% less: "
                            + "%.0f instead of %.0f gCO2e/kWh on average (%s forecast)", label(length), f.zone(),
                            Instant.ofEpochMilli(w.startMillis()), saving * 100, w.value(), nowValue, f.signal());
        } else {
            reason = String.format(Locale.ROOT, "the cleanest start for a %s job in %s is %s: %.0f gCO2e/kWh on average "
                    + "(the forecast does not cover starting now)", label(length), f.zone(),
                    Instant.ofEpochMilli(w.startMillis()), w.value());
        }
        return b.setReason(reason).build();
    }

    /** {@code 30m}, {@code 1h}, {@code 90m}, {@code 4h}: how job lengths appear in subjects. */
    static String label(Duration d) {
        long minutes = d.toMinutes();
        if (minutes > 0 && minutes % 60 == 0) {
            return minutes / 60 + "h";
        }
        return minutes > 0 && d.toSeconds() % 60 == 0 ? minutes + "m" : d.toSeconds() + "s";
    }

    /** The forecast held for a zone. */
    record ZoneForecast(String zone, String provider, String signal, long generatedAt, List<ForecastPoint> points) {
        byte[] encode() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(32 + points.size() * 24);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(zone);
                out.writeUTF(provider);
                out.writeUTF(signal);
                out.writeLong(generatedAt);
                out.writeInt(points.size());
                for (ForecastPoint p : points) {
                    out.writeLong(p.startMillis());
                    out.writeLong(p.durationMillis());
                    out.writeDouble(p.value());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        static ZoneForecast decode(byte[] data) {
            if (data == null) {
                return null;
            }
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
                String zone = in.readUTF();
                String provider = in.readUTF();
                String signal = in.readUTF();
                long generatedAt = in.readLong();
                int n = in.readInt();
                List<ForecastPoint> points = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    points.add(new ForecastPoint(in.readLong(), in.readLong(), in.readDouble()));
                }
                return new ZoneForecast(zone, provider, signal, generatedAt, points);
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("corrupt forecast in the forecasts store (" + data.length + " bytes)", e);
            }
        }
    }
}
