package meshchat.syncml.peer;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import meshchat.syncml.protocol.Encoding;

/**
 * The operator's peer settings turned into {@link Peer}s: {@code --peer URL} (repeatable),
 * {@code --peer-credentials FILE} with lines {@code URL user password} (blank lines and
 * {@code #} comments allowed), {@code --peer-interval SECONDS}, {@code --peer-encoding wbxml|xml}.
 * Every refusal is an IllegalArgumentException with one line that says what to fix; passwords
 * never appear in it.
 */
public final class PeerConfig {
    private static final Set<PosixFilePermission> OPEN = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private record Credentials(String user, String password) {
    }

    private PeerConfig() {
    }

    /** The peers to sync with; empty when no {@code --peer} is given. */
    public static List<Peer> load(List<URI> urls, Path credentialsFile, long intervalSeconds, String encoding) {
        if (intervalSeconds < 1) {
            throw new IllegalArgumentException("--peer-interval must be at least 1 second, not " + intervalSeconds);
        }
        Encoding enc = encoding(encoding);
        if (urls.isEmpty()) {
            return List.of();
        }
        if (credentialsFile == null) {
            throw new IllegalArgumentException("--peer needs --peer-credentials FILE with a line 'URL user password' per peer");
        }
        Set<URI> unique = new LinkedHashSet<>();
        for (URI url : urls) {
            Peer.checkUrl(url);
            if (!unique.add(url)) {
                throw new IllegalArgumentException("--peer " + url + " is given twice");
            }
        }
        Map<URI, Credentials> credentials = read(credentialsFile);
        List<Peer> peers = new ArrayList<>();
        for (URI url : unique) {
            Credentials c = credentials.get(url);
            if (c == null) {
                throw new IllegalArgumentException("no credentials for --peer " + url + " in " + credentialsFile
                        + ": add a line '" + url + " user password'");
            }
            peers.add(new Peer(url, c.user(), c.password(), Duration.ofSeconds(intervalSeconds), enc));
        }
        return peers;
    }

    static Encoding encoding(String name) {
        String n = name == null ? "wbxml" : name.toLowerCase(Locale.ROOT);
        if (n.equals("wbxml")) {
            return Encoding.WBXML;
        }
        if (n.equals("xml")) {
            return Encoding.XML;
        }
        throw new IllegalArgumentException("--peer-encoding must be wbxml or xml, not " + name);
    }

    private static Map<URI, Credentials> read(Path file) {
        checkPrivate(file);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read --peer-credentials " + file + ": " + e.getMessage(), e);
        }
        Map<URI, Credentials> out = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1) + ": ";
            String[] f = line.split("\\s+");
            if (f.length != 3) {
                throw new IllegalArgumentException(where + "expected 'URL user password' (3 fields), found " + f.length);
            }
            URI url;
            try {
                url = Peer.checkUrl(new URI(f[0]));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new IllegalArgumentException(where + "not a peer URL: " + e.getMessage());
            }
            if (out.put(url, new Credentials(f[1], f[2])) != null) {
                throw new IllegalArgumentException(where + url + " has credentials on an earlier line already");
            }
        }
        return out;
    }

    /** Passwords for other nodes: refuse a file that others may read or change, as ssh does with keys. */
    private static void checkPrivate(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--peer-credentials " + file + " is not a file");
        }
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix == null) {
            return; // no POSIX permissions on this file system: nothing to check
        }
        Set<PosixFilePermission> perms;
        try {
            perms = posix.readAttributes().permissions();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the permissions of --peer-credentials " + file + ": " + e.getMessage(), e);
        }
        Set<PosixFilePermission> open = EnumSet.noneOf(PosixFilePermission.class);
        open.addAll(perms);
        open.retainAll(OPEN);
        if (!open.isEmpty()) {
            throw new IllegalArgumentException("--peer-credentials " + file + " is readable or writable by others ("
                    + PosixFilePermissions.toString(perms) + "): run chmod 600 " + file);
        }
    }
}
