package dev.carbonledger.domain.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GramsTest {
    @Test
    void shouldParseGramsKilogramsAndTonnes() {
        assertThat(Grams.parse("500g")).isEqualTo(500.0);
        assertThat(Grams.parse("50kg")).isEqualTo(50_000.0);
        assertThat(Grams.parse("50 KG")).isEqualTo(50_000.0);
        assertThat(Grams.parse("1.5t")).isEqualTo(1_500_000.0);
        assertThat(Grams.parse("2e3g")).isEqualTo(2_000.0);
    }

    @Test
    void shouldExplainWhatIsWrong() {
        assertThatThrownBy(() -> Grams.parse("50")).hasMessage(
                "'50' is not an amount of CO2e: it needs a unit: g, kg or t (for example 500g, 50kg, 1.5t)");
        assertThatThrownBy(() -> Grams.parse("-5kg")).hasMessageContaining("use a number and a unit");
        assertThatThrownBy(() -> Grams.parse("5 lb")).hasMessageContaining("'5 lb' is not an amount of CO2e");
        assertThatThrownBy(() -> Grams.parse(null)).hasMessageContaining("is not an amount of CO2e");
    }

    @Test
    void shouldFormatReadably() {
        assertThat(Grams.format(850)).isEqualTo("850 g");
        assertThat(Grams.format(12_500)).isEqualTo("12.5 kg");
        assertThat(Grams.format(3_210_000)).isEqualTo("3.21 t");
        assertThat(Grams.format(0.12345)).isEqualTo("0.123 g");
        assertThat(Grams.format(5_000)).isEqualTo("5 kg");
    }
}
