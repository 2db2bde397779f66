package meshchat.syncml.interop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Copying and deleting folder trees for the interop tests and the benchmark. */
final class Folders {
    private Folders() {
    }

    static void copy(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("cannot copy " + from + " to " + to + ": " + e, e);
        }
    }

    /** Deletes what {@code dir} holds, and {@code dir} itself if {@code itself}; a missing dir is fine. */
    static void delete(Path dir, boolean itself) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(files.filter(p -> itself || !p.equals(dir)).toList());
            all.sort(Comparator.reverseOrder()); // children before their folder
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new AssertionError("cannot empty " + dir + ": " + e, e);
        }
    }
}
