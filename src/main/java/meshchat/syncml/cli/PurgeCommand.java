package meshchat.syncml.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;

import meshchat.syncml.chat.Message;
import meshchat.syncml.engine.ChatDesk;
import meshchat.syncml.engine.PurgeOutcome;
import meshchat.syncml.store.Store;
import meshchat.syncml.store.StoreException;
import meshchat.syncml.store.Tombstone;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code purge ID [--data DIR] [--by NAME]}: purges a message zone-wide with the server stopped
 * (the data folder cannot be opened while a server holds it). Exit 0 purged, 1 unknown or
 * already purged (or the store failed), 2 the ID names several messages or none at all.
 */
@Command(name = "purge", mixinStandardHelpOptions = true,
        description = {"Purge a message zone-wide: tombstone it so no peer or v2 node brings it back.",
            "Run it with the server stopped; the running server's API does the same (DELETE /api/messages/ID)."})
public final class PurgeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ID", description = "the message GUID, or its 8-hex v2 id when that is unique")
    String id;

    @Option(names = "--data", paramLabel = "DIR", defaultValue = "./data", description = "data folder (default: ${DEFAULT-VALUE})")
    Path data;

    @Option(names = "--by", paramLabel = "NAME", defaultValue = "operator",
            description = "who purged it, kept in the tombstone (default: ${DEFAULT-VALUE})")
    String by;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!ChatDesk.isMessageId(id)) {
            err.println("not a message id: '" + id + "'; give a GUID like 0a1b2c3d-1700000000-5e6f7a8b"
                    + " or an 8-hex v2 id");
            return 2;
        }
        try (Store store = Store.open(data)) {
            // the node name is for posts only: this command never posts
            PurgeOutcome outcome = new ChatDesk(store, "console", Clock.systemUTC()).purgeAsOperator(by, id);
            switch (outcome.kind()) {
                case PURGED: {
                    Message m = ((PurgeOutcome.Purged) outcome).message();
                    out.println("purged " + m.id() + " (" + m.callSign() + ": " + preview(m.text()) + ")");
                    return 0;
                }
                case AMBIGUOUS: {
                    List<Message> found = ((PurgeOutcome.Ambiguous) outcome).candidates();
                    err.println("v2 id " + id + " names " + found.size() + " messages; purge one by its GUID:");
                    found.forEach(m -> err.println("  " + m.id() + "  " + m.callSign() + ": " + preview(m.text())));
                    return 2;
                }
                case ALREADY_PURGED: {
                    Tombstone t = ((PurgeOutcome.AlreadyPurged) outcome).tombstone();
                    err.println("message " + id + " was already purged at " + t.purgedAt() + " by " + t.purgedBy());
                    return 1;
                }
                case NOT_FOUND:
                    err.println("no message " + id + " in " + store.dataDir());
                    return 1;
                case NOT_AN_ID:
                case FORBIDDEN:
                default:
                    err.println("cannot purge " + id + ": " + outcome);
                    return 2;
            }
        } catch (StoreException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private static String preview(String text) {
        String line = text.replace('\n', ' ');
        return line.length() <= 40 ? line : line.substring(0, 37) + "...";
    }
}
