package dev.carbonledger.launcher.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The job chart is well-formed SVG with the series, markers, axes and legend a reader needs. */
class ReportChartTest {
    private static final String SVG = "http://www.w3.org/2000/svg";

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        return builder.parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static String render(JobRow job) {
        return JobChart.render(job, ReportFixtures.history().timeline(job.zone()));
    }

    private static List<Element> elements(Document doc, String name) {
        NodeList nodes = doc.getElementsByTagNameNS(SVG, name);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    private static List<String> texts(Document doc) {
        return elements(doc, "text").stream().map(Element::getTextContent).toList();
    }

    @Test
    void shouldDrawPowerAsRunAndAsSubmittedAndOneIntensityStepLine() throws Exception {
        Document doc = parse(render(ReportFixtures.shifted("train-42")));

        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo(SVG);
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        List<Element> paths = elements(doc, "path");
        assertThat(paths.stream().filter(p -> p.getAttribute("class").equals("power")).map(p -> p.getAttribute("id")))
                .containsExactly("power-as-run", "power-as-submitted");
        assertThat(paths.stream().filter(p -> p.getAttribute("class").equals("intensity"))).hasSize(1);
        Element asRun = byId(paths, "power-as-run");
        Element asSubmitted = byId(paths, "power-as-submitted");
        assertThat(asRun.getAttribute("fill")).isNotEqualTo("none");
        assertThat(asRun.getAttribute("d")).endsWith("Z");
        assertThat(asSubmitted.getAttribute("fill")).isEqualTo("none");
        assertThat(asSubmitted.getAttribute("stroke-dasharray")).isNotEmpty();
        // the intensity over 08:30-11:20 has four steps: 400, 350, 150, 300 (8 points, two per step)
        assertThat(byId(paths, "intensity").getAttribute("d").split(" L|M")).filteredOn(s -> !s.isBlank()).hasSize(8);
    }

    @Test
    void shouldLabelTheTitleMarkersAxesAndLegend() throws Exception {
        Document doc = parse(render(ReportFixtures.shifted("train-42")));

        List<String> texts = texts(doc);
        assertThat(texts.get(0)).isEqualTo("Job train-42: waiting saved 521.875 g CO2e (51.7 %)");
        assertThat(texts).contains("submitted 08:30", "started 10:00", "time (UTC)",
                "grid intensity, gCO2e/kWh (zone DE)", "job power, W (IT, without PUE)",
                "power as run", "power if started at submission", "grid intensity", "submitted", "started");
        // UTC time ticks with the date under the first, and round values on both value axes
        assertThat(texts).contains("09:00", "10:00", "11:00", "2024-03-01");
        assertThat(texts).contains("0", "100", "200", "300", "400");
        assertThat(elements(doc, "title")).hasSize(1);
    }

    @Test
    void shouldEscapeTextFromTheTopics() throws Exception {
        JobRow job = ReportFixtures.shifted("<a & \"b\">");

        Document doc = parse(render(job));

        assertThat(texts(doc).get(0)).startsWith("Job <a & \"b\">: waiting saved");
    }

    @Test
    void shouldRefuseAJobThatDidNotRun() {
        assertThatThrownBy(() -> render(ReportFixtures.withoutEnergy("x"))).isInstanceOf(IllegalArgumentException.class);
    }

    private static Element byId(List<Element> elements, String id) {
        return elements.stream().filter(e -> e.getAttribute("id").equals(id)).findFirst().orElseThrow();
    }
}
