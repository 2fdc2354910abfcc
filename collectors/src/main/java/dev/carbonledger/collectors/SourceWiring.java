package dev.carbonledger.collectors;

import dev.carbonledger.avro.IntensitySignal;
import dev.carbonledger.collectors.config.CollectorConfig;
import dev.carbonledger.collectors.config.CollectorSetting;
import dev.carbonledger.collectors.config.EnergySourceKind;
import dev.carbonledger.collectors.config.IntensityProviderKind;
import dev.carbonledger.collectors.source.PodUidResolver;
import dev.carbonledger.collectors.source.demo.DemoFleet;
import dev.carbonledger.collectors.source.gpu.CommandRunner;
import dev.carbonledger.collectors.source.gpu.DcgmExporterSource;
import dev.carbonledger.collectors.source.gpu.NvidiaSmiSource;
import dev.carbonledger.collectors.source.http.HttpText;
import dev.carbonledger.collectors.source.intensity.CarbonAwareSdkSource;
import dev.carbonledger.collectors.source.intensity.ElectricityMapsSource;
import dev.carbonledger.collectors.source.intensity.FileIntensitySource;
import dev.carbonledger.collectors.source.intensity.UkCarbonIntensitySource;
import dev.carbonledger.collectors.source.intensity.WattTimeSource;
import dev.carbonledger.collectors.source.k8s.KubernetesPodSource;
import dev.carbonledger.collectors.source.kepler.KeplerScraper;
import dev.carbonledger.collectors.source.rapl.RaplPowercapSource;
import dev.carbonledger.collectors.source.scaphandre.ScaphandreSource;
import dev.carbonledger.collectors.source.units.FunctionalUnitTarget;
import dev.carbonledger.collectors.source.units.PrometheusUnitScraper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** Maps each configured source kind to its implementation. */
final class SourceWiring {
    private SourceWiring() {}

    static void wire(CollectorConfig config, Collector.Builder builder, DemoFleet demo, Clock clock) {
        Sources sources = sources(config, demo, clock);
        sources.energy().forEach(builder::energySource);
        sources.pods().forEach(builder::podSource);
        sources.nodes().forEach(builder::nodeSource);
        sources.intensity().forEach(builder::intensitySource);
        sources.functionalUnits().forEach(builder::functionalUnitSource);
    }

    /** The sources {@code config} names, built but not started. */
    static Sources sources(CollectorConfig config, DemoFleet demo, Clock clock) {
        Sources builder = new Sources();
        HttpText http = HttpText.withTimeout(config.httpTimeout());
        String node = config.nodeName().orElse("");
        PodUidResolver resolver = PodUidResolver.none();
        if (config.kubernetesPods()) {
            KubernetesPodSource pods = kubernetes(config, node);
            builder.podSource(pods);
            resolver = pods;
        }
        for (EnergySourceKind kind : config.energySources()) {
            switch (kind) {
                case DEMO -> builder.energySource(demo).podSource(demo).nodeSource(demo).functionalUnitSource(demo);
                case KEPLER -> builder.energySource(new KeplerScraper(http, config.uri(CollectorSetting.KEPLER_URL),
                        node, resolver, clock));
                case RAPL -> builder.energySource(new RaplPowercapSource(config.raplRoot(), config.cgroupRoot(), node,
                        clock));
                case NVIDIA_SMI -> builder.energySource(new NvidiaSmiSource(CommandRunner.process(config.httpTimeout()),
                        config.get(CollectorSetting.NVIDIA_SMI_COMMAND), config.procRoot(), node, clock));
                case DCGM -> builder.energySource(new DcgmExporterSource(http, config.uri(CollectorSetting.DCGM_URL),
                        node, resolver, clock));
                case SCAPHANDRE -> builder.energySource(new ScaphandreSource(http,
                        config.uri(CollectorSetting.SCAPHANDRE_URL), node, resolver, clock));
            }
        }
        for (FunctionalUnitTarget target : config.functionalUnits()) {
            builder.functionalUnitSource(new PrometheusUnitScraper(http, target, clock));
        }
        for (IntensityProviderKind kind : config.intensityProviders()) {
            switch (kind) {
                case DEMO -> builder.intensitySource(demo);
                case ELECTRICITYMAPS -> builder.intensitySource(new ElectricityMapsSource(http,
                        config.uri(CollectorSetting.ELECTRICITYMAPS_URL), config.get(CollectorSetting.ELECTRICITYMAPS_TOKEN),
                        config.intensityZones(), config.intensityForecasts(), clock));
                case WATTTIME -> builder.intensitySource(new WattTimeSource(http, config.uri(CollectorSetting.WATTTIME_URL),
                        config.get(CollectorSetting.WATTTIME_USERNAME), config.get(CollectorSetting.WATTTIME_PASSWORD),
                        config.intensityZones(), config.get(CollectorSetting.WATTTIME_SIGNAL), clock));
                case UKCI -> builder.intensitySource(new UkCarbonIntensitySource(http,
                        config.uri(CollectorSetting.UKCI_URL), config.get(CollectorSetting.UKCI_ZONE),
                        config.intensityForecasts(), clock));
                case CASDK -> builder.intensitySource(new CarbonAwareSdkSource(http,
                        config.uri(CollectorSetting.CASDK_URL), config.intensityZones(),
                        config.casdkMarginal() ? IntensitySignal.MARGINAL : IntensitySignal.AVERAGE, clock));
                case FILE -> builder.intensitySource(new FileIntensitySource(
                        Path.of(config.get(CollectorSetting.INTENSITY_FILE)),
                        config.casdkMarginal() ? IntensitySignal.MARGINAL : IntensitySignal.AVERAGE));
            }
        }
        return builder;
    }

    private static KubernetesPodSource kubernetes(CollectorConfig config, String node) {
        Path ca = Path.of(config.get(CollectorSetting.K8S_CA_FILE));
        HttpText http;
        try {
            http = Files.isRegularFile(ca) ? KubernetesPodSource.httpTrusting(ca, config.httpTimeout())
                    : HttpText.withTimeout(config.httpTimeout());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String token = config.get(CollectorSetting.K8S_TOKEN_FILE);
        return new KubernetesPodSource(http, config.uri(CollectorSetting.K8S_API_URL),
                token.isEmpty() ? null : Path.of(token), node, config.teamLabels(), config.modelLabels(),
                config.workloadClassLabels()).watching();
    }
}
