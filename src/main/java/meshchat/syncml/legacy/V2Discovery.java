package meshchat.syncml.legacy;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the MeshChat services of a zone in the AREDN service lists, as v2's node_list does
 * (meshchat-v2.md 3.2): lines of {@code /var/run/services_olsr} (OLSR builds) or of any file in
 * {@code /var/run/arednlink/services/} (Babel builds) that match
 * {@code http://HOST:PORT/meshchat|tcp|ZONE} followed by white space. The files are read on each
 * call, since services come and go; on a host that is not a node they are missing and the list
 * is empty.
 */
final class V2Discovery {

    static final Path SERVICES_OLSR = Path.of("/var/run/services_olsr");
    static final Path ARENDLINK_SERVICES = Path.of("/var/run/arednlink/services");

    /** A service line's host (lower-cased, as v2 does) and port. */
    record Service(String host, int port) {
        String line() {
            return host + '\t' + port;
        }
    }

    private final Path olsrFile;
    private final Path arednlinkDir;
    private final String zone;
    private final String localNode;

    /** @param zone the zone (service name) to follow; null: find nothing */
    V2Discovery(Path olsrFile, Path arednlinkDir, String zone, String localNode) {
        this.olsrFile = olsrFile;
        this.arednlinkDir = arednlinkDir;
        this.zone = zone;
        this.localNode = localNode.toLowerCase(Locale.ROOT);
    }

    static V2Discovery onNode(String zone, String localNode) {
        return new V2Discovery(SERVICES_OLSR, ARENDLINK_SERVICES, zone, localNode);
    }

    boolean enabled() {
        return zone != null;
    }

    /** Peers of our zone, ourselves left out (by node name, with or without .local.mesh). */
    List<URI> peers() {
        List<URI> out = new ArrayList<>();
        if (zone == null) {
            return out;
        }
        for (Service s : services(zone)) {
            if (s.host().equals(localNode) || s.host().equals(localNode + ".local.mesh")) {
                continue;
            }
            try {
                URI uri = new URI("http", null, s.host(), s.port(), null, null, null);
                if (!out.contains(uri)) {
                    out.add(uri);
                }
            } catch (URISyntaxException e) {
                // not a host name a URI can carry: v2's curl could not reach it either
            }
        }
        return out;
    }

    /** Every service of this zone in the lists, in file order (the meshchat_nodes action). */
    List<Service> services(String zoneName) {
        Pattern p = Pattern.compile("http://(\\S+):(\\d{1,5})/meshchat\\|tcp\\|" + Pattern.quote(zoneName) + "\\s");
        List<Service> out = new ArrayList<>();
        for (String line : lines()) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                int port = Integer.parseInt(m.group(2));
                if (port > 0 && port < 65536) {
                    out.add(new Service(m.group(1).toLowerCase(Locale.ROOT), port));
                }
            }
        }
        return out;
    }

    private List<String> lines() {
        List<String> lines = new ArrayList<>();
        read(olsrFile, lines);
        if (Files.isDirectory(arednlinkDir)) {
            try (Stream<Path> files = Files.list(arednlinkDir)) {
                files.filter(Files::isRegularFile).sorted().forEach(f -> read(f, lines));
            } catch (IOException e) {
                // the list changes under us at times; next round reads it again
            }
        }
        return lines;
    }

    private static void read(Path file, List<String> into) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            // "\n" kept: v2 needs white space after the zone (OLSR puts "\t#ip" there); a line that
            // ends with the zone is still that zone's service, so we take it too
            for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
                into.add(line + "\n");
            }
        } catch (IOException e) {
            // as above
        }
    }
}
