package dev.carbonledger.sinks.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.carbonledger.avro.AlertEvent;
import dev.carbonledger.avro.AlertStatus;
import dev.carbonledger.avro.EmissionsWindow;
import dev.carbonledger.avro.SciWindow;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveBoardTest {
    private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    private final LiveBoard board = new LiveBoard();

    private static EmissionsWindow window(String dimension, String group, Instant start, double grams, boolean closed) {
        return EmissionsWindow.newBuilder().setDimension(dimension).setGroup(group).setWindowStart(start)
                .setWindowEnd(start.plusSeconds(60)).setEnergyJoules(grams * 10).setCo2eGrams(grams).setPieces(1)
                .setFinal$(closed).build();
    }

    private static SciWindow sci(String model, String unit, double units, Double perUnit) {
        return SciWindow.newBuilder().setModel(model).setUnit(unit).setWindowStart(T0).setWindowEnd(T0.plusSeconds(60))
                .setEnergyJoules(100).setOperationalGrams(10).setEmbodiedGrams(2).setFunctionalUnits(units)
                .setSciGramsPerUnit(perUnit).setFinal$(true).build();
    }

    private static AlertEvent alert(String fingerprint, AlertStatus status) {
        return AlertEvent.newBuilder().setFingerprint(fingerprint).setAlertName("A-" + fingerprint).setStatus(status)
                .setLabels(Map.of("team", "t")).setAnnotations(Map.of()).setStartsAt(T0).setEndsAt(null).build();
    }

    @Test
    void shouldShowTheOpenWindowUntilAWindowClosesThenTheLatestClosedOne() {
        board.acceptTeamWindow(window("team", "research", T0, 30, false));
        assertThat(board.teams()).singleElement().satisfies(w -> {
            assertThat(w.closed()).isFalse();
            assertThat(w.gramsPerSecond()).isEqualTo(0.5);
        });

        board.acceptTeamWindow(window("team", "research", T0, 90, true));
        board.acceptTeamWindow(window("team", "research", T0.plusSeconds(60), 6, false));

        assertThat(board.teams()).singleElement().satisfies(w -> {
            assertThat(w.closed()).isTrue();
            assertThat(w.windowStart()).isEqualTo(T0.toEpochMilli());
            assertThat(w.gramsPerSecond()).isEqualTo(1.5);
        });
    }

    @Test
    void shouldKeepTheLaterWindowWhenAnOlderClosedWindowArrivesLate() {
        board.acceptTeamWindow(window("team", "research", T0.plusSeconds(60), 120, true));
        board.acceptTeamWindow(window("team", "research", T0, 60, true));

        assertThat(board.teams()).singleElement().extracting(LiveBoard.TeamWindow::co2eGrams).isEqualTo(120.0);
    }

    @Test
    void shouldIgnoreModelWindowsAndWindowsWithoutLengthWhenReadingTeams() {
        board.acceptTeamWindow(window("model", "llm", T0, 60, true));
        board.acceptTeamWindow(EmissionsWindow.newBuilder(window("team", "x", T0, 1, true)).setWindowEnd(T0).build());

        assertThat(board.teams()).isEmpty();
    }

    @Test
    void shouldHoldSciPerModelAndUnitSortedWhenUnitsDiffer() {
        board.acceptSci(sci("llm", "token", 1000, 0.012));
        board.acceptSci(sci("llm", "request", 0, null));
        board.acceptSci(sci("bert", "inference", 10, 1.2));

        assertThat(board.sci()).extracting(m -> m.model() + "/" + m.unit())
                .containsExactly("bert/inference", "llm/request", "llm/token");
        assertThat(board.sci().get(1).sciGramsPerUnit()).isNull();
    }

    @Test
    void shouldListTheMostRecentlyChangedAlertFirstAndForgetTombstones() {
        board.acceptAlert("a", alert("a", AlertStatus.FIRING));
        board.acceptAlert("b", alert("b", AlertStatus.FIRING));
        board.acceptAlert("a", alert("a", AlertStatus.RESOLVED));
        assertThat(board.alerts()).extracting(a -> a.fingerprint() + ":" + a.status())
                .containsExactly("a:resolved", "b:firing");

        board.acceptAlert("b", null);

        assertThat(board.alerts()).extracting(LiveBoard.Alert::fingerprint).containsExactly("a");
    }

    @Test
    void shouldKeepAtMostTheBoundOfAlertsAndGroupsWhenMoreArrive() {
        for (int i = 0; i < LiveBoard.MAX_ALERTS + 5; i++) {
            board.acceptAlert("f" + i, alert("f" + i, AlertStatus.FIRING));
        }
        for (int i = 0; i < LiveBoard.MAX_GROUPS + 3; i++) {
            board.acceptTeamWindow(window("team", "team-" + i, T0, 1, true));
        }

        assertThat(board.alerts()).hasSize(LiveBoard.MAX_ALERTS);
        assertThat(board.alerts().get(0).fingerprint()).isEqualTo("f" + (LiveBoard.MAX_ALERTS + 4));
        assertThat(board.teams()).hasSize(LiveBoard.MAX_GROUPS);
        assertThat(board.overLimit()).isEqualTo(3);
    }
}
