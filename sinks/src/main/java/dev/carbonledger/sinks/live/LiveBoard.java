package dev.carbonledger.sinks.live;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.SciWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the live view shows of the windowed topics, without Kafka types: per team the latest window of
 * {@code carbon.emissions.team}, per model and functional unit the latest {@code carbon.sci} window, and the latest
 * alert events of {@code carbon.alerts} by fingerprint. For a team (or model and unit) the latest <em>closed</em>
 * window ({@code final = true}) is shown once there is one, since the running value of an open window only grows;
 * until then the latest open window. Bounded: at most {@link #MAX_GROUPS} teams and model/unit pairs (records of
 * further ones are counted in {@link #overLimit()}) and the {@link #MAX_ALERTS} most recently changed alerts.
 * Thread-safe: one writer, any number of readers.
 */
public final class LiveBoard {
    public static final int MAX_GROUPS = 1000;
    public static final int MAX_ALERTS = 50;

    /** A team's emissions in one window; the rate is its grams over the window's length. */
    public record TeamWindow(String team, long windowStart, long windowEnd, double co2eGrams, double energyJoules,
                             boolean closed) {
        public double gramsPerSecond() {
            return co2eGrams / ((windowEnd - windowStart) / 1000.0);
        }
    }

    /** A model's SCI in one window for one functional unit; {@code sciGramsPerUnit} is null when no unit was counted. */
    public record ModelSci(String model, String unit, long windowStart, long windowEnd, Double sciGramsPerUnit,
                           double operationalGrams, double embodiedGrams, double functionalUnits, boolean closed) {}

    /** The latest state of one alert. */
    public record Alert(String fingerprint, String name, String status, Map<String, String> labels,
                        Map<String, String> annotations, long startsAt, Long endsAt) {}

    private final Map<String, Latest<TeamWindow>> teams = new HashMap<>();
    private final Map<String, Latest<ModelSci>> sci = new HashMap<>();
    /** Insertion order = order of the latest change: the eldest entry is the one changed longest ago. */
    private final LinkedHashMap<String, Alert> alerts = new LinkedHashMap<>();
    private long overLimit;

    /** A record of the team windows topic; other dimensions and windows without length are ignored. */
    public synchronized void acceptTeamWindow(EmissionsWindow w) {
        if (w == null || !"team".equals(w.getDimension()) || !w.getWindowEnd().isAfter(w.getWindowStart())) {
            return;
        }
        TeamWindow read = new TeamWindow(w.getGroup(), millis(w.getWindowStart()), millis(w.getWindowEnd()),
                w.getCo2eGrams(), w.getEnergyJoules(), w.getFinal$());
        accept(teams, read.team(), read, read.windowStart(), read.closed());
    }

    public synchronized void acceptSci(SciWindow w) {
        if (w == null) {
            return;
        }
        ModelSci read = new ModelSci(w.getModel(), w.getUnit(), millis(w.getWindowStart()), millis(w.getWindowEnd()),
                w.getSciGramsPerUnit(), w.getOperationalGrams(), w.getEmbodiedGrams(), w.getFunctionalUnits(),
                w.getFinal$());
        accept(sci, read.model() + "/" + read.unit(), read, read.windowStart(), read.closed());
    }

    /** A record of the alerts topic; {@code value == null} is a tombstone for the fingerprint {@code key}. */
    public synchronized void acceptAlert(String key, AlertEvent value) {
        if (value == null) {
            if (key != null) {
                alerts.remove(key);
            }
            return;
        }
        alerts.remove(value.getFingerprint());
        alerts.put(value.getFingerprint(), new Alert(value.getFingerprint(), value.getAlertName(),
                value.getStatus().name().toLowerCase(Locale.ROOT), new TreeMap<>(value.getLabels()),
                new TreeMap<>(value.getAnnotations()), millis(value.getStartsAt()),
                value.getEndsAt() == null ? null : millis(value.getEndsAt())));
        while (alerts.size() > MAX_ALERTS) {
            alerts.remove(alerts.keySet().iterator().next());
        }
    }

    /** Per team the window shown, by team. */
    public synchronized List<TeamWindow> teams() {
        return shown(teams, Comparator.comparing(TeamWindow::team));
    }

    /** Per model and unit the window shown, by model then unit. */
    public synchronized List<ModelSci> sci() {
        return shown(sci, Comparator.comparing(ModelSci::model).thenComparing(ModelSci::unit));
    }

    /** The alerts held, the most recently changed first. */
    public synchronized List<Alert> alerts() {
        List<Alert> out = new ArrayList<>(alerts.values());
        Collections.reverse(out);
        return out;
    }

    /** Records of teams or model/unit pairs beyond {@link #MAX_GROUPS}, not shown. */
    public synchronized long overLimit() {
        return overLimit;
    }

    private <T> void accept(Map<String, Latest<T>> byKey, String key, T read, long windowStart, boolean closed) {
        Latest<T> held = byKey.get(key);
        if (held == null) {
            if (byKey.size() >= MAX_GROUPS) {
                overLimit++;
                return;
            }
            held = new Latest<>();
            byKey.put(key, held);
        }
        held.accept(read, windowStart, closed);
    }

    private static <T> List<T> shown(Map<String, Latest<T>> byKey, Comparator<T> order) {
        return byKey.values().stream().map(Latest::shown).sorted(order).toList();
    }

    private static long millis(Instant t) {
        return t.toEpochMilli();
    }

    /** The latest window of one group, and its latest closed one; a later record of the same window supersedes. */
    private static final class Latest<T> {
        private T open;
        private long openStart = Long.MIN_VALUE;
        private T closed;
        private long closedStart = Long.MIN_VALUE;

        void accept(T value, long windowStart, boolean isClosed) {
            if (isClosed) {
                if (windowStart >= closedStart) {
                    closed = value;
                    closedStart = windowStart;
                }
            } else if (windowStart >= openStart) {
                open = value;
                openStart = windowStart;
            }
        }

        T shown() {
            return closed != null ? closed : open;
        }
    }
}
