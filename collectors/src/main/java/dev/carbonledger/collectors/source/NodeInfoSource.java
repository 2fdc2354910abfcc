package dev.carbonledger.collectors.source;

import dev.carbonledger.avro.NodeInfo;
import java.io.IOException;
import java.util.List;

/** Where the nodes draw their power from: grid zone, PUE, hardware labels. */
public interface NodeInfoSource extends Source {

    List<NodeInfo> nodes() throws IOException;
}
