package meshchat.syncml.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CdsTraining's failure paths end with their own exit code instead of waiting: a taken port is
 * retried (at most {@link CdsTraining#ATTEMPTS} times, each attempt stopped by its refusal, without
 * waiting on the taken port's owner, which never answers) and
 * then reported as 2; a server that never answers ends at the one deadline with 1. Both run the
 * real serve command in this JVM.
 */
class CdsTrainingTest {
    @TempDir
    Path tmp;

    @Test
    void aTakenPortIsRetriedThenReportedAsRefused() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            AtomicInteger asked = new AtomicInteger();
            int code = CdsTraining.run(tmp.resolve("training"), "127.0.0.1", "127.0.0.1", () -> {
                asked.incrementAndGet();
                return taken.getLocalPort();
            }, CdsTraining.ATTEMPTS, Duration.ofMinutes(5));
            assertEquals(2, code, "refused: the port is taken");
            assertEquals(CdsTraining.ATTEMPTS, asked.get(), "each refused attempt is retried on a new port, up to the limit");
        }
    }

    @Test
    void aServerThatNeverAnswersEndsAtTheDeadline() throws Exception {
        // the server listens on 127.0.0.2, the training asks 127.0.0.1: every connect is refused
        AtomicInteger asked = new AtomicInteger();
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
            port = free.getLocalPort();
        }
        // the server goes on opening its store in this JVM after the deadline: its folder is under
        // target/, not a @TempDir, whose removal at the end of the test would race with Derby
        Path training = Path.of("target", "cds-training-test", Long.toString(System.nanoTime()));
        int code = CdsTraining.run(training, "127.0.0.2", "127.0.0.1", () -> {
            asked.incrementAndGet();
            return port;
        }, CdsTraining.ATTEMPTS, Duration.ofSeconds(3));
        assertEquals(1, code, "no answer before the deadline");
        assertEquals(1, asked.get(), "a server that started is not started a second time");
    }
}
