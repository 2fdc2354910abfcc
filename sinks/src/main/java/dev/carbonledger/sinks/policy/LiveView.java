package dev.carbonledger.sinks.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.carbonledger.domain.budget.BurnStatus;
import dev.carbonledger.domain.intensity.Signal;
import dev.carbonledger.domain.window.CarbonWindows;
import dev.carbonledger.domain.window.ForecastPoint;
import dev.carbonledger.domain.window.WindowAverage;
import dev.carbonledger.sinks.live.EventStreams;
import dev.carbonledger.sinks.live.LiveBoard;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data of the browser live view, as four server-sent event streams ({@code /v1/stream/{name}}):
 * <ul>
 *   <li>{@code teams}: per team the emission rate of its latest window (g/s) and the use of its budget in the
 *       current period;</li>
 *   <li>{@code zones}: per zone the intensity in effect now, the current forecast and its greenest one-hour window
 *       from now on (the window {@code /v1/keda/zones/{zone}} reports as {@code bestStartIn1h});</li>
 *   <li>{@code sci}: per model and functional unit the SCI of its latest window;</li>
 *   <li>{@code alerts}: the latest alert events, the most recent first.</li>
 * </ul>
 * Every {@link #TICK} each stream's state is rendered and published when it changed (time passing changes the
 * greenest window and ends budget periods, so the state is rendered rather than pushed by the readers).
 */
final class LiveView implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(LiveView.class);
    static final Set<String> STREAMS = Set.of("teams", "zones", "sci", "alerts");
    static final Duration TICK = Duration.ofSeconds(1);
    /** The job length the greenest window is searched for. */
    static final Duration GREENEST_JOB = ZoneView.JOB;
    /** Forecast points before now that the chart still shows. */
    static final Duration CHART_PAST = Duration.ofHours(1);
    static final int MAX_CHART_POINTS = 288;
    static final int MAX_ROWS = 200;

    private final PolicyState state;
    private final LiveBoard board;
    private final BooleanSupplier boardCaughtUp;
    private final EventStreams streams;
    private final Clock clock;
    private final Map<String, LongFunction<ObjectNode>> renderers = new TreeMap<>();
    private final Map<String, String> published = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;

    LiveView(PolicyState state, LiveBoard board, BooleanSupplier boardCaughtUp, EventStreams streams, Clock clock) {
        this.state = state;
        this.board = board;
        this.boardCaughtUp = boardCaughtUp;
        this.streams = streams;
        this.clock = clock;
        renderers.put("teams", this::teams);
        renderers.put("zones", this::zones);
        renderers.put("sci", now -> sci());
        renderers.put("alerts", now -> alerts());
    }

    EventStreams streams() {
        return streams;
    }

    /** Publishes every stream's state now, then every {@link #TICK}. */
    synchronized void start() {
        publishChanges();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "carbon-ledger-live-view");
            t.setDaemon(true);
            return t;
        });
        ticker.scheduleWithFixedDelay(this::tick, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            publishChanges();
        } catch (RuntimeException e) {
            LOGGER.warn("event=live_view_render_failed error=\"{}\"", e.toString(), e);
        }
    }

    /** Renders every stream and publishes those whose state changed since the last publication. */
    void publishChanges() {
        long now = clock.millis();
        Map<String, String> rendered = render(now);
        rendered.forEach((stream, data) -> {
            if (!data.equals(published.get(stream))) {
                published.put(stream, data);
                streams.publish(stream, data);
            }
        });
    }

    /** Every stream's state at {@code now}, as JSON text. */
    Map<String, String> render(long now) {
        Map<String, String> out = new TreeMap<>();
        renderers.forEach((stream, renderer) -> {
            try {
                out.put(stream, Json.MAPPER.writeValueAsString(renderer.apply(now)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
        return out;
    }

    ObjectNode teams(long now) {
        ObjectNode out = Json.object();
        out.put("ready", state.isCaughtUp() && boardCaughtUp.getAsBoolean());
        Map<String, LiveBoard.TeamWindow> rates = new TreeMap<>();
        board.teams().forEach(w -> rates.put(w.team(), w));
        Map<String, BurnStatus> budgets = new TreeMap<>();
        state.currentStatuses(now).forEach(s -> budgets.put(s.team(), s));
        Set<String> teams = new TreeSet<>(rates.keySet());
        teams.addAll(budgets.keySet());
        ArrayNode rows = out.putArray("teams");
        teams.stream().limit(MAX_ROWS).forEach(team -> {
            ObjectNode row = rows.addObject();
            row.put("team", team);
            LiveBoard.TeamWindow w = rates.get(team);
            if (w == null) {
                row.putNull("rate");
            } else {
                ObjectNode rate = row.putObject("rate");
                Json.putNumber(rate, "gramsPerSecond", w.gramsPerSecond());
                Json.putNumber(rate, "co2eGrams", w.co2eGrams());
                Json.putTime(rate, "windowStart", w.windowStart());
                Json.putTime(rate, "windowEnd", w.windowEnd());
                rate.put("closed", w.closed());
            }
            BurnStatus s = budgets.get(team);
            if (s == null) {
                row.putNull("budget");
            } else {
                ObjectNode budget = row.putObject("budget");
                budget.put("period", s.period().label());
                budget.put("tier", s.tier().label());
                Json.putNumber(budget, "limitGrams", s.limitGrams());
                Json.putNumber(budget, "spentGrams", s.spentGrams());
                Json.putNumber(budget, "remainingGrams", s.remainingGrams());
                Json.putNumber(budget, "percentUsed", s.fraction() * 100);
                Json.putNumber(budget, "burnRate", s.burnRate());
                Json.putTime(budget, "periodEnd", s.periodEnd());
                Json.putTime(budget, "projectedExhaustion", s.projectedExhaustion());
            }
        });
        out.put("truncated", teams.size() > MAX_ROWS);
        return out;
    }

    ObjectNode zones(long now) {
        ObjectNode out = Json.object();
        out.put("ready", state.isCaughtUp());
        // The chart's "now" marker moves by the minute, so that an unchanged state is not re-sent every tick.
        Json.putTime(out, "now", now - now % 60_000);
        out.put("signal", state.accountingSignal().signal().label());
        ArrayNode rows = out.putArray("zones");
        Set<String> zones = state.zones();
        zones.stream().limit(MAX_ROWS).forEach(zone -> {
            ObjectNode row = rows.addObject();
            row.put("zone", zone);
            ObjectNode intensity = row.putObject("intensity");
            Json.putNumber(intensity, "now", state.intensityAt(zone, state.accountingSignal().signal(), now));
            for (Signal s : Signal.values()) {
                Json.putNumber(intensity, s.label(), state.intensityAt(zone, s, now));
            }
            Optional<HeldForecast> held = state.forecast(zone).filter(f -> !f.points().isEmpty());
            if (held.isEmpty()) {
                row.putNull("forecast");
            } else {
                row.set("forecast", forecast(held.get(), now));
            }
        });
        out.put("truncated", zones.size() > MAX_ROWS);
        return out;
    }

    private static ObjectNode forecast(HeldForecast f, long now) {
        ObjectNode out = Json.object();
        out.put("provider", f.provider());
        out.put("signal", f.signal().label());
        Json.putTime(out, "generatedAt", f.generatedAt());
        Json.putNumber(out, "now", f.valueAt(now));
        ArrayNode points = out.putArray("points");
        f.points().stream().filter(p -> p.endMillis() > now - CHART_PAST.toMillis()).limit(MAX_CHART_POINTS)
                .forEach(p -> points.addObject().put("start", Json.iso(p.startMillis()))
                        .put("end", Json.iso(p.endMillis())).put("value", p.value()));
        long job = GREENEST_JOB.toMillis();
        Optional<WindowAverage> best = CarbonWindows.best(f.points(), Math.max(now, f.start()), f.end() - job, job);
        if (best.isEmpty()) {
            out.putNull("greenest");
        } else {
            ObjectNode greenest = out.putObject("greenest");
            Json.putTime(greenest, "start", best.get().startMillis());
            Json.putTime(greenest, "end", best.get().endMillis());
            Json.putNumber(greenest, "average", best.get().value());
            greenest.put("durationMinutes", GREENEST_JOB.toMinutes());
        }
        return out;
    }

    ObjectNode sci() {
        ObjectNode out = Json.object();
        out.put("ready", boardCaughtUp.getAsBoolean());
        ArrayNode rows = out.putArray("models");
        List<LiveBoard.ModelSci> all = board.sci();
        all.stream().limit(MAX_ROWS).forEach(m -> {
            ObjectNode row = rows.addObject();
            row.put("model", m.model());
            row.put("unit", m.unit());
            Json.putNumber(row, "sciGramsPerUnit", m.sciGramsPerUnit());
            Json.putNumber(row, "operationalGrams", m.operationalGrams());
            Json.putNumber(row, "embodiedGrams", m.embodiedGrams());
            Json.putNumber(row, "functionalUnits", m.functionalUnits());
            Json.putTime(row, "windowStart", m.windowStart());
            Json.putTime(row, "windowEnd", m.windowEnd());
            row.put("closed", m.closed());
        });
        out.put("truncated", all.size() > MAX_ROWS);
        return out;
    }

    ObjectNode alerts() {
        ObjectNode out = Json.object();
        out.put("ready", boardCaughtUp.getAsBoolean());
        ArrayNode rows = out.putArray("alerts");
        for (LiveBoard.Alert a : board.alerts()) {
            ObjectNode row = rows.addObject();
            row.put("fingerprint", a.fingerprint());
            row.put("name", a.name());
            row.put("status", a.status());
            row.put("severity", a.labels().getOrDefault("severity", ""));
            row.put("summary", a.annotations().getOrDefault("summary", ""));
            Json.putMap(row, "labels", a.labels());
            Json.putTime(row, "startsAt", a.startsAt());
            Json.putTime(row, "endsAt", a.endsAt());
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            ticker = null;
        }
        streams.close();
    }
}
