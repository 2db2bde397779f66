package meshchat.syncml.cli;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code DATA/admin-endpoint}: how the CLI reaches the running server that holds the data folder
 * (Derby lets one process open it): the loopback port of the admin endpoint and a random token.
 * Owner-only (0600), written once the server listens, deleted when it stops; a stale one (the
 * server was killed) is noticed by the CLI when nothing answers at that port.
 */
record AdminFile(int port, String token) {
    static final String NAME = "admin-endpoint";

    static AdminFile fresh(int port) {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return new AdminFile(port, HexFormat.of().formatHex(b));
    }

    static Path path(Path dataDir) {
        return dataDir.resolve(NAME);
    }

    void write(Path dataDir) throws IOException {
        Path p = path(dataDir);
        Files.deleteIfExists(p);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(p, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(p);
        }
        Files.writeString(p, "# the running meshchat-syncml server's admin endpoint (loopback only); deleted when it stops\n"
                + "port=" + port + "\ntoken=" + token + "\n", StandardCharsets.UTF_8);
    }

    /** The file of a server that holds this data folder, if there is one and it reads well. */
    static Optional<AdminFile> read(Path dataDir) {
        Path p = path(dataDir);
        if (!Files.isRegularFile(p)) {
            return Optional.empty();
        }
        try {
            Properties props = new Properties();
            props.load(new StringReader(Files.readString(p, StandardCharsets.UTF_8)));
            return Optional.of(new AdminFile(Integer.parseInt(props.getProperty("port", "").trim()),
                    props.getProperty("token", "").trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Deletes the file if it is still this one (a second server may have written its own). */
    void delete(Path dataDir) {
        if (read(dataDir).filter(this::equals).isPresent()) {
            try {
                Files.deleteIfExists(path(dataDir));
            } catch (IOException ignored) {
                // the CLI finds nothing answering at the port and opens the folder itself
            }
        }
    }
}
