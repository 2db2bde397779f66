package meshchat.syncml.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MimeTypes;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import meshchat.syncml.chat.Message;
import meshchat.syncml.engine.ChatDesk;
import meshchat.syncml.engine.LoginThrottle;
import meshchat.syncml.engine.PostOutcome;
import meshchat.syncml.engine.PurgeOutcome;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.SequencedMessage;
import meshchat.syncml.store.Store;
import meshchat.syncml.store.Tombstone;

/**
 * The JSON API under {@code /api/messages}, HTTP Basic auth for every request:
 * <pre>
 * GET    /api/messages?limit=N&amp;channel=C   newest first (limit 1..5000, default 500)
 * GET    /api/messages?before=SEQ         arrival order, newest first, each with its "seq" (the cursor)
 * GET    /api/messages?since=SEQ          arrival order, oldest first: read the history, then poll
 * POST   /api/messages                    {call_sign?, channel?, message} -&gt; 201 + Location
 * GET    /api/messages/{guid or v2 id}    one message (409 when a v2 id names several)
 * DELETE /api/messages/{guid or v2 id}    admins purge zone-wide -&gt; 204; others 403
 * GET    /api/me                          the account logged in: {name, call_sign, admin, may_purge}
 * </pre>
 * Errors answer {@code {"error": "..."}}. Blocking: every request does JDBC. A posted message
 * follows {@link meshchat.syncml.chat.TextRule} (see {@link ApiMessageBody}); it is posted under the
 * account's call sign, and only an admin may name another one ({@code call_sign}; 403 otherwise).
 */
public final class ApiHandler extends Handler.Abstract {

    static final String PATH = "/api/messages";
    /** Who am I: the chat page asks it after login to show purge buttons only to those who may purge. */
    static final String ME_PATH = "/api/me";
    static final int DEFAULT_LIMIT = 500;
    static final int MAX_LIMIT = 5000;
    static final int MAX_BODY_BYTES = 64 * 1024;
    /**
     * Message text characters one list answer holds at most (at least one message): 5,000 messages
     * of up to 4,000,000 characters each ran a server out of heap in one GET. A page cut short by it
     * says {@link #MORE_HEADER}: true, and the cursors go on from its last message as usual.
     */
    static final long MAX_PAGE_CHARS = 2_000_000;
    static final String MORE_HEADER = "X-MeshChat-More";

    private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final ChatDesk desk;
    private final LoginThrottle throttle;
    /** null: Basic only (the constructors without a store) */
    private final DigestAuth digest;
    private final Store store;

    public ApiHandler(Store store, String nodeName, Clock clock) {
        this(new ChatDesk(store, nodeName, clock), new LoginThrottle(LoginThrottle.Settings.defaults(), clock));
    }

    /** @param throttle the brute-force back-off, shared with the SyncML endpoint */
    public ApiHandler(Store store, String nodeName, Clock clock, LoginThrottle throttle) {
        this(new ChatDesk(store, nodeName, clock), throttle);
    }

    /**
     * @param desk     every read and write of the API goes through it
     * @param throttle the brute-force back-off, shared with the SyncML endpoint
     */
    public ApiHandler(ChatDesk desk, LoginThrottle throttle) {
        this(desk, throttle, null, null);
    }

    /** With HTTP Digest besides Basic: {@code digest} checks it, {@code store} keeps HA1 seen on Basic logins. */
    ApiHandler(ChatDesk desk, LoginThrottle throttle, DigestAuth digest, Store store) {
        super(InvocationType.BLOCKING);
        this.desk = desk;
        this.throttle = throttle;
        this.digest = digest;
        this.store = store;
    }

    /** An answer: status plus JSON body (null for none) and an optional header. */
    private record Reply(int status, JsonNode body, HttpHeader header, String headerValue, long lastSeq, boolean more) {
        Reply(int status, JsonNode body, HttpHeader header, String headerValue) {
            this(status, body, header, headerValue, -1, false);
        }

        static Reply of(int status, JsonNode body) {
            return new Reply(status, body, null, null);
        }
    }

    /** Response header of every list: the last change sequence number when the page was read. */
    static final String LAST_SEQ_HEADER = "X-MeshChat-Last-Seq";

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.startsWith("/api/")) {
            return false;
        }
        Reply reply;
        try {
            reply = !path.equals(PATH) && !path.startsWith(PATH + "/") && !path.equals(ME_PATH)
                    ? error(404, "no such API resource: the API is " + PATH + " and " + ME_PATH) // JSON, as every API answer
                    : route(request, path);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.getMethod(), path, e);
            reply = error(500, "internal error (the server's log has the details)"); // no SQL, paths or heap state to clients
        }
        if (reply.status() >= 400) {
            SyncMlHandler.closeIfContentUnread(request, response); // a 401 or 405 comes before the body is read
        }
        send(response, callback, reply);
        return true;
    }

    private Reply route(Request request, String path) {
        String method = request.getMethod();
        boolean me = path.equals(ME_PATH);
        boolean collection = path.equals(PATH);
        boolean allowed = me ? method.equals("GET") : collection ? method.equals("GET") || method.equals("POST")
                : method.equals("GET") || method.equals("DELETE");
        if (!allowed) {
            return new Reply(405, errorBody("method " + method + " is not allowed here"),
                    HttpHeader.ALLOW, me ? "GET" : collection ? "GET, POST" : "GET, DELETE");
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        String address = Request.getRemoteAddr(request);
        Optional<Account> account;
        boolean stale = false;
        if (digest != null && authorization != null && authorization.regionMatches(true, 0, "Digest ", 0, 7)) {
            DigestAuth.Result r = digest.check(authorization, method, request.getHttpURI().getPathQuery(), address);
            account = r.account();
            stale = r.stale();
        } else {
            account = BasicAuth.check(authorization, desk, throttle, address);
            account.ifPresent(a -> rememberHa1(a, authorization));
        }
        if (account.isEmpty()) {
            return unauthorized(request, stale);
        }
        if (me) {
            return Reply.of(200, JSON.createObjectNode().put("name", account.get().name())
                    .put("call_sign", account.get().callSign()).put("admin", account.get().admin())
                    .put("may_purge", account.get().mayPurge()));
        }
        if (collection) {
            return method.equals("GET") ? list(request, account.get()) : post(request, account.get());
        }
        String id = path.substring(PATH.length() + 1);
        return method.equals("GET") ? getOne(id) : delete(id, account.get());
    }

    /** Header of the chat page's requests: its 401s carry the challenge where the browser does not see it. */
    static final String PAGE_HEADER = "X-MeshChat-Page";
    /** Where a page request's 401 puts the Digest challenge (no WWW-Authenticate: no browser login box). */
    static final String PAGE_CHALLENGE_HEADER = "X-MeshChat-Authenticate";

    /** 401 with both challenges (Digest first: a client takes the first it speaks), or the page's own. */
    private Reply unauthorized(Request request, boolean stale) {
        JsonNode body = errorBody("a valid user name and password are required");
        if (digest == null) {
            return new Reply(401, body, HttpHeader.WWW_AUTHENTICATE, BasicAuth.CHALLENGE);
        }
        if (request.getHeaders().get(PAGE_HEADER) != null) {
            return new Reply(401, body, null, digest.challenge(stale));
        }
        return new Reply(401, body, HttpHeader.WWW_AUTHENTICATE, digest.challenge(stale));
    }

    /**
     * After a good Basic login: stores the HA1 Digest needs if it is missing, so an account made
     * before HTTP Digest can use it from then on (the password is at hand only now).
     */
    private void rememberHa1(Account a, String authorization) {
        if (store == null) {
            return;
        }
        if (store.read(tx -> tx.httpDigestHa1(a)).isPresent()) {
            return;
        }
        String pair = new String(java.util.Base64.getDecoder().decode(authorization.substring(6).strip()),
                StandardCharsets.UTF_8);
        String password = pair.substring(pair.indexOf(':') + 1);
        store.write(tx -> {
            tx.saveHttpDigestHa1(a, HttpDigest.ha1(a.name(), password));
            return null;
        });
    }

    private Reply list(Request request, Account account) {
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        String limitText = query.getValue("limit");
        int limit = DEFAULT_LIMIT;
        if (limitText != null) {
            try {
                limit = Integer.parseInt(limitText);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                return error(400, "limit must be a whole number from 1 to " + MAX_LIMIT + ", not '" + limitText + "'");
            }
        }
        int max = limit;
        String channel = query.getValue("channel");
        String since = query.getValue("since");
        String before = query.getValue("before");
        if (since != null && before != null) {
            return error(400, "give since= or before=, not both");
        }
        ArrayNode array = JSON.createArrayNode();
        long last = desk.lastSeq(); // read first: a poll from it misses nothing written meanwhile
        long chars = 0;
        if (since == null && before == null) {
            for (Message m : desk.newestWithin(account, max, channel, MAX_PAGE_CHARS)) {
                array.add(toJson(m));
                chars += m.text().length();
            }
        } else {
            long cursor = cursor(since != null ? since : before);
            if (cursor < 0) {
                return error(400, (since != null ? "since" : "before") + " must be a whole number from 0 to "
                        + Long.MAX_VALUE + ", not '" + (since != null ? since : before) + "'");
            }
            for (SequencedMessage m : desk.pageWithin(account, since != null ? cursor : -1, cursor, max, channel, MAX_PAGE_CHARS)) {
                array.add(toJson(m.message()).put("seq", m.seq()));
                chars += m.message().text().length();
            }
        }
        boolean cut = array.size() < max && chars >= MAX_PAGE_CHARS;
        return new Reply(200, array, null, null, last, cut);
    }

    /** Whether a Content-Type is application/json, parameters (charset) aside. */
    static boolean isJson(String contentType) {
        return contentType != null && MimeTypes.getBase(contentType).strip().equalsIgnoreCase("application/json");
    }

    /** A cursor value: a change sequence number, 0 or more; -1 when it is not one. */
    private static long cursor(String text) {
        try {
            long v = Long.parseLong(text.strip());
            return v < 0 ? -1 : v;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Reply post(Request request, Account account) {
        if (!isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
            // a form or text/plain POST is what a page elsewhere can make a logged-in browser send
            return error(415, "post a JSON body with Content-Type: application/json");
        }
        ApiMessageBody body;
        try {
            body = ApiMessageBody.parse(readBody(request));
        } catch (BodyTooLarge e) {
            return error(413, e.getMessage());
        } catch (IOException e) {
            return error(400, "cannot read the request body: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
        PostOutcome outcome = desk.post(account, body.callSign(), body.channel(), body.message());
        if (outcome instanceof PostOutcome.Forbidden f) {
            return error(403, f.reason());
        }
        Message stored = ((PostOutcome.Posted) outcome).message();
        return new Reply(201, toJson(stored), HttpHeader.LOCATION, PATH + "/" + stored.id());
    }

    private Reply getOne(String id) {
        if (!ChatDesk.isMessageId(id)) {
            return notAnId(id);
        }
        List<Message> found = desk.find(id);
        if (found.size() > 1) {
            return ambiguous(id, found);
        }
        return found.isEmpty() ? error(404, "no message " + id) : Reply.of(200, toJson(found.get(0)));
    }

    private Reply delete(String id, Account account) {
        PurgeOutcome outcome = desk.purge(account, id);
        return switch (outcome.kind()) {
            case PURGED -> Reply.of(204, null);
            case FORBIDDEN -> error(403, ((PurgeOutcome.Forbidden) outcome).reason());
            case NOT_AN_ID -> notAnId(id);
            case AMBIGUOUS -> ambiguous(id, ((PurgeOutcome.Ambiguous) outcome).candidates());
            case ALREADY_PURGED -> {
                Tombstone t = ((PurgeOutcome.AlreadyPurged) outcome).tombstone();
                yield error(404, "message " + id + " was already purged at " + t.purgedAt() + " by " + t.purgedBy());
            }
            case NOT_FOUND -> error(404, "no message " + id);
        };
    }

    private static Reply notAnId(String id) {
        return error(404, "no message " + id + ": ids are GUIDs like 0a1b2c3d-1700000000-5e6f7a8b or 8-hex v2 ids");
    }

    private static Reply ambiguous(String id, List<Message> found) {
        ObjectNode body = JSON.createObjectNode();
        body.put("error", "v2 id " + id + " names " + found.size() + " messages; use one of their GUIDs");
        ArrayNode guids = body.putArray("guids");
        found.forEach(m -> guids.add(m.id().value()));
        return Reply.of(409, body);
    }

    static ObjectNode toJson(Message m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", m.v2Id());
        o.put("guid", m.id().value());
        o.put("epoch", m.epoch());
        o.put("message", m.text());
        o.put("call_sign", m.callSign());
        o.put("node", m.node());
        o.put("platform", m.platform());
        o.put("channel", m.channel());
        return o;
    }

    private static final class BodyTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        BodyTooLarge(String size) {
            super("request body is too large: " + size + " > " + MAX_BODY_BYTES + " bytes");
        }
    }

    private static byte[] readBody(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > MAX_BODY_BYTES) {
            throw new BodyTooLarge(Long.toString(declared));
        }
        try (InputStream in = Request.asInputStream(request)) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new BodyTooLarge("at least " + body.length);
            }
            return body;
        }
    }

    private static Reply error(int status, String message) {
        return Reply.of(status, errorBody(message));
    }

    private static JsonNode errorBody(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void send(Response response, Callback callback, Reply reply) {
        response.setStatus(reply.status());
        if (reply.header() != null) {
            response.getHeaders().put(reply.header(), reply.headerValue());
            if (reply.header() == HttpHeader.WWW_AUTHENTICATE && reply.headerValue().startsWith("Digest ")) {
                response.getHeaders().add(HttpHeader.WWW_AUTHENTICATE, BasicAuth.CHALLENGE); // scripts may use Basic
            }
        } else if (reply.headerValue() != null) {
            response.getHeaders().put(PAGE_CHALLENGE_HEADER, reply.headerValue());
        }
        if (reply.lastSeq() >= 0) {
            response.getHeaders().put(LAST_SEQ_HEADER, Long.toString(reply.lastSeq()));
        }
        if (reply.more()) {
            response.getHeaders().put(MORE_HEADER, "true");
        }
        if (reply.body() == null) {
            callback.succeeded();
            return;
        }
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(reply.body());
        } catch (JsonProcessingException e) {
            callback.failed(e);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
