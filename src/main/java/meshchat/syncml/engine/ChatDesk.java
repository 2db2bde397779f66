package meshchat.syncml.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import meshchat.syncml.store.Tombstone;

/**
 * The one door for posts, purges and reads that do not come through SyncML: the JSON API and the
 * {@code purge} command go through here instead of reaching into the store, so the rules live in
 * one place: who may post under which call sign ({@link Account#mayRelay()}), who may purge
 * ({@link Account#mayPurge()}), how an id is looked up (a GUID, or an 8-hex v2 id when it is unique).
 * Each call is one store transaction; a post or purge wakes {@link Store#onChange} listeners as
 * any write does. Thread-safe (the store is).
 */
public final class ChatDesk {

    /** The v2 platform of messages posted on this server: a Linux host, not an AREDN node. */
    public static final String PLATFORM = "pi";

    private final Store store;
    private final String nodeName;
    private final Clock clock;
    private final RandomGenerator random;

    public ChatDesk(Store store, String nodeName, Clock clock) {
        this(store, nodeName, clock, new SecureRandom());
    }

    /** @param random draws fresh v2 ids */
    public ChatDesk(Store store, String nodeName, Clock clock, RandomGenerator random) {
        this.store = Objects.requireNonNull(store, "store");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Whether this is a GUID ({@code 0a1b2c3d-1700000000-5e6f7a8b}) or an 8-hex v2 id. */
    public static boolean isMessageId(String id) {
        return id != null && (MessageId.parseOrNull(id) != null || MessageId.isV2Id(id));
    }

    /** The account with this name and password; empty for an unknown name or a wrong password. */
    public Optional<Account> login(String name, String password) {
        return store.read(tx -> tx.account(name)).filter(a -> a.checkPassword(password));
    }

    /**
     * Posts a message now, on this node, with a fresh v2 id.
     *
     * @param callSign the call sign asked for; null or empty (or the account's own, in any case)
     *                 posts under the account's call sign; another one only when the account may relay
     * @param channel  null or empty for "Everything"
     * @param text     the message text; {@link meshchat.syncml.chat.TextRule} applies
     *                 (IllegalArgumentException when it is refused)
     */
    public PostOutcome post(Account author, String callSign, String channel, String text) {
        String sign = author.callSign();
        if (callSign != null && !callSign.isEmpty() && !callSign.equalsIgnoreCase(sign)) {
            // refused rather than ignored, so a client never believes it posted as someone it is not
            if (!author.mayRelay()) {
                return new PostOutcome.Forbidden("account " + author.name() + " posts as " + sign
                        + "; only admins and peer accounts may post under another call sign (" + callSign + ")");
            }
            sign = callSign;
        }
        String author1 = sign;
        String chan = channel == null ? "" : channel;
        long epoch = clock.instant().getEpochSecond();
        Message stored = store.write(tx -> {
            Message m = Message.create(tx.freshV2Id(random), epoch, text, author1, nodeName, PLATFORM, chan);
            if (tx.addMessage(m, "api:" + author.name()) < 0) {
                throw new IllegalStateException("fresh v2 id " + m.v2Id() + " was taken");
            }
            return m;
        });
        return new PostOutcome.Posted(stored);
    }

    /** Newest first, at most {@code limit}, without what {@code viewer} hid; channel null for all. */
    public List<Message> newest(Account viewer, int limit, String channel) {
        return store.read(tx -> tx.newest(limit, channel, viewer.name()));
    }

    /** As {@link #newest}, cut short once the texts reach {@code maxChars} characters (at least one message). */
    public List<Message> newestWithin(Account viewer, int limit, String channel, long maxChars) {
        return store.read(tx -> tx.newestWithin(limit, channel, viewer.name(), maxChars));
    }

    /**
     * A page in arrival order (the seq of each message's ADD) for the JSON API's cursor: after
     * {@code since} oldest first when since is at least 0, else before {@code before} newest first.
     */
    public List<meshchat.syncml.store.SequencedMessage> page(Account viewer, long since, long before, int limit,
                                                             String channel) {
        return store.read(tx -> tx.messagesBySeq(since, before, limit, channel, viewer.name()));
    }

    /** As {@link #page}, cut short once the texts reach {@code maxChars} characters (at least one message). */
    public List<meshchat.syncml.store.SequencedMessage> pageWithin(Account viewer, long since, long before, int limit,
                                                                   String channel, long maxChars) {
        return store.read(tx -> tx.messagesBySeqWithin(since, before, limit, channel, viewer.name(), maxChars));
    }

    /** The last change sequence number: a client starts paging back from it, and polls after it. */
    public long lastSeq() {
        return store.read(tx -> tx.lastSeq());
    }

    /** The messages an id names: none, one, or several when a v2 id is shared. */
    public List<Message> find(String guidOrV2Id) {
        if (!isMessageId(guidOrV2Id)) {
            return List.of();
        }
        return store.read(tx -> tx.find(guidOrV2Id));
    }

    /** Purges zone-wide on behalf of an account: only one that {@link Account#mayPurge() may purge}. */
    public PurgeOutcome purge(Account who, String guidOrV2Id) {
        if (!who.mayPurge()) {
            return new PurgeOutcome.Forbidden("only admins and peer accounts may purge messages; " + who.name() + " is neither");
        }
        return purge(who.name(), guidOrV2Id);
    }

    /**
     * Purges zone-wide on behalf of the operator at the console (the {@code purge} command): whoever
     * can open the data folder may purge. {@code by} is kept in the tombstone.
     */
    public PurgeOutcome purgeAsOperator(String by, String guidOrV2Id) {
        return purge(Objects.requireNonNull(by, "by"), guidOrV2Id);
    }

    private PurgeOutcome purge(String by, String id) {
        if (!isMessageId(id)) {
            return new PurgeOutcome.NotAnId(id);
        }
        return store.write(tx -> {
            List<Message> found = tx.find(id);
            if (found.size() > 1) {
                return new PurgeOutcome.Ambiguous(id, found);
            }
            if (found.isEmpty()) {
                MessageId guid = MessageId.parseOrNull(id);
                Optional<Tombstone> t = guid == null ? Optional.empty() : tx.tombstone(guid);
                return t.<PurgeOutcome>map(PurgeOutcome.AlreadyPurged::new).orElseGet(() -> new PurgeOutcome.NotFound(id));
            }
            Message m = found.get(0);
            tx.purge(m.id(), by, clock.instant());
            return new PurgeOutcome.Purged(m);
        });
    }
}
