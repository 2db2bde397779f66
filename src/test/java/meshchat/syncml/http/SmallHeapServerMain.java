package meshchat.syncml.http;

import java.nio.file.Path;

/** The real endpoint (SyncEndpoint: alice/secret) in its own JVM, for SmallHeapDecodeTest; prints its port. */
public final class SmallHeapServerMain {
    public static void main(String[] args) throws Exception {
        SyncEndpoint e = SyncEndpoint.start(Path.of(args[0]));
        System.out.println("PORT " + e.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
