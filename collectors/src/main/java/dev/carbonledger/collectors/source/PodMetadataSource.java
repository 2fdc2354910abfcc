package dev.carbonledger.collectors.source;

import dev.carbonledger.avro.PodMetadata;
import java.io.IOException;
import java.util.List;

/**
 * Metadata of the pods on this node (namespace, name, team, model ...), for attribution. Each poll returns
 * the pods currently known; the collector publishes only what is new or changed.
 */
public interface PodMetadataSource extends Source {

    List<PodMetadata> pods() throws IOException;
}
