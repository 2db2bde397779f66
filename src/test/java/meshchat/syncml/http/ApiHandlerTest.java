package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;

/** The JSON API over real HTTP. */
class ApiHandlerTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    TestServer t;

    @BeforeEach
    void start() throws Exception {
        t = new TestServer(dir);
    }

    @AfterEach
    void stop() throws Exception {
        t.close();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    void store(Message... messages) {
        t.store.write(tx -> {
            for (Message m : messages) {
                tx.addMessage(m, "test");
            }
            return null;
        });
    }

    @Test
    void missingOrWrongCredentialsAre401WithBasicChallenge() throws Exception {
        for (String creds : new String[] {null, "bob:wrong", "nobody:x"}) {
            HttpResponse<String> r = t.get("/api/messages", creds);
            assertEquals(401, r.statusCode(), String.valueOf(creds));
            assertEquals(Optional.of("Basic realm=\"meshchat\""), r.headers().firstValue("WWW-Authenticate"));
            assertTrue(json(r).get("error").asText().contains("password"));
        }
        HttpResponse<String> garbage = t.send(t.request("/api/messages", null).header("Authorization", "Basic !!!"));
        assertEquals(401, garbage.statusCode());
    }

    @Test
    void postStoresAMessageWithFreshV2IdAndAnswers201WithLocation() throws Exception {
        HttpResponse<String> r = t.post("/api/messages", TestServer.BOB, "{\"message\": \"hello\\r\\nmesh\"}");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode m = json(r);
        assertTrue(MessageId.isV2Id(m.get("id").asText()));
        assertTrue(m.get("guid").asText().startsWith(m.get("id").asText() + "-"));
        assertEquals(t.clock.now.getEpochSecond(), m.get("epoch").asLong());
        assertEquals("hello\nmesh", m.get("message").asText());
        assertEquals("BOB", m.get("call_sign").asText(), "defaults to the account's call sign");
        assertEquals("node1", m.get("node").asText());
        assertEquals("pi", m.get("platform").asText());
        assertEquals("", m.get("channel").asText());
        assertEquals(Optional.of("/api/messages/" + m.get("guid").asText()), r.headers().firstValue("Location"));
        assertEquals(List.of("id", "guid", "epoch", "message", "call_sign", "node", "platform", "channel"),
                iterable(m.fieldNames()));

        HttpResponse<String> one = t.get("/api/messages/" + m.get("guid").asText(), TestServer.BOB);
        assertEquals(m, json(one));
        MessageId guid = new MessageId(m.get("guid").asText());
        assertTrue(t.store.read(tx -> tx.message(guid)).isPresent());
    }

    @Test
    void aPostThatIsNotJsonIs415AndStoresNothing() throws Exception {
        // what a form or a text/plain fetch on a page elsewhere can make a logged-in browser send
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null}) {
            HttpRequest.Builder b = t.request("/api/messages", TestServer.ADMIN);
            if (type != null) {
                b.header("Content-Type", type);
            }
            HttpResponse<String> r = t.send(b.POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"csrf\",\"x\":\"=\"}")));
            assertEquals(415, r.statusCode(), type + ": " + r.body());
            assertEquals("post a JSON body with Content-Type: application/json", json(r).get("error").asText());
        }
        assertFalse(t.get("/api/messages", TestServer.BOB).body().contains("csrf"));
        HttpResponse<String> ok = t.send(t.request("/api/messages", TestServer.BOB).header("Content-Type", "Application/JSON; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"json\"}")));
        assertEquals(201, ok.statusCode(), ok.body());
    }

    @Test
    void anUnknownApiPathIsAJson404() throws Exception {
        for (String path : new String[] {"/api/", "/api/me/", "/api/foo"}) {
            HttpResponse<String> r = t.get(path, TestServer.BOB);
            assertEquals(404, r.statusCode(), path);
            assertEquals("no such API resource: the API is /api/messages and /api/me", json(r).get("error").asText(), path);
        }
    }

    @Test
    void postTakesChannelAndForAnAdminAnyCallSign() throws Exception {
        HttpResponse<String> r = t.post("/api/messages", TestServer.ADMIN,
                "{\"call_sign\": \"W1AW\", \"channel\": \"ops\", \"message\": \"net at 8\"}");
        assertEquals(201, r.statusCode(), r.body());
        assertEquals("W1AW", json(r).get("call_sign").asText());
        assertEquals("ops", json(r).get("channel").asText());
        HttpResponse<String> own = t.post("/api/messages", TestServer.BOB,
                "{\"call_sign\": \"bob\", \"channel\": \"ops\", \"message\": \"mine\"}");
        assertEquals(201, own.statusCode(), own.body());
        assertEquals("BOB", json(own).get("call_sign").asText(), "the account's own call sign, as the account spells it");
    }

    /** Regression (issue 7, item 7): any account could post under any call sign. */
    @Test
    void nonAdminCannotPostUnderAnotherCallSign() throws Exception {
        HttpResponse<String> r = t.post("/api/messages", TestServer.BOB,
                "{\"call_sign\": \"KA1DM\", \"message\": \"I am the admin\"}");
        assertEquals(403, r.statusCode(), r.body());
        assertEquals("account bob posts as BOB; only admins and peer accounts may post under another call sign (KA1DM)",
                json(r).get("error").asText());
        assertEquals(0, (long) t.store.<Long>read(tx -> tx.messageCount()));
    }

    @Test
    void getListsNewestFirstWithLimitAndChannel() throws Exception {
        Message a = Message.create("0000000a", 100, "a", "K1", "n", "pi", "");
        Message b = Message.create("0000000b", 200, "b", "K1", "n", "pi", "ops");
        Message c = Message.create("0000000c", 300, "c", "K1", "n", "node", "");
        store(a, b, c);
        assertEquals(List.of("c", "b", "a"), texts(t.get("/api/messages", TestServer.BOB)));
        assertEquals(List.of("c", "b"), texts(t.get("/api/messages?limit=2", TestServer.BOB)));
        assertEquals(List.of("b"), texts(t.get("/api/messages?channel=ops", TestServer.BOB)));
        assertEquals(List.of("c", "a"), texts(t.get("/api/messages?channel=", TestServer.BOB)));
    }

    @Test
    void badLimitIs400() throws Exception {
        for (String limit : new String[] {"abc", "0", "-1", "5001", "1e3"}) {
            HttpResponse<String> r = t.get("/api/messages?limit=" + limit, TestServer.BOB);
            assertEquals(400, r.statusCode(), limit);
            assertTrue(json(r).get("error").asText().startsWith("limit must be"), r.body());
        }
        assertEquals(200, t.get("/api/messages?limit=5000", TestServer.BOB).statusCode());
    }

    @Test
    void invalidPostsAre400WithAReason() throws Exception {
        String[][] cases = {
            {"{\"message\": ", "not valid JSON"},
            {"[1, 2]", "must be a JSON object"},
            {"{}", "\"message\" is required"},
            {"{\"message\": \"   \"}", "\"message\" is required"},
            {"{\"message\": \" \\u0000\\u0007\\r\\n \"}", "\"message\" is required"},
            {"{\"message\": 42}", "\"message\" must be a string"},
            {"{\"message\": \"x\", \"channel\": []}", "\"channel\" must be a string"},
            {"{\"message\": \"x\", \"message\": \"y\"}", "not valid JSON"},
            {"{\"message\": \"x\", \"channel\": \"" + "c".repeat(256) + "\"}", "\"channel\" is too long: 256 > 255"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = t.post("/api/messages", TestServer.BOB, c[0]);
            assertEquals(400, r.statusCode(), c[0]);
            assertTrue(json(r).get("error").asText().contains(c[1]), r.body());
        }
        assertEquals(0, (long) t.store.<Long>read(tx -> tx.messageCount()));
    }

    @Test
    void bodyOver64KiBIs413() throws Exception {
        String big = "{\"message\": \"" + "x".repeat(70_000) + "\"}";
        HttpResponse<String> known = t.post("/api/messages", TestServer.BOB, big);
        assertEquals(413, known.statusCode());
        assertEquals("request body is too large: 70015 > 65536 bytes", json(known).get("error").asText());
        HttpResponse<String> streamed = t.send(t.request("/api/messages", TestServer.BOB).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes()))));
        assertEquals(413, streamed.statusCode());
    }

    @Test
    void adminDeletePurgesAndAnswers204() throws Exception {
        Message m = Message.create("0000000a", 100, "spam", "K1", "n", "pi", "");
        store(m);
        assertEquals(204, t.delete("/api/messages/" + m.id(), TestServer.ADMIN).statusCode());
        assertTrue(t.store.read(tx -> tx.message(m.id())).isEmpty());
        assertEquals("admin", t.store.read(tx -> tx.tombstone(m.id())).orElseThrow().purgedBy());
        HttpResponse<String> again = t.delete("/api/messages/" + m.id(), TestServer.ADMIN);
        assertEquals(404, again.statusCode());
        assertTrue(json(again).get("error").asText().contains("already purged"), again.body());
        assertEquals(List.of(), texts(t.get("/api/messages", TestServer.ADMIN)));
    }

    @Test
    void adminDeleteByUniqueV2IdPurges() throws Exception {
        Message m = Message.create("0000000a", 100, "spam", "K1", "n", "pi", "");
        store(m);
        assertEquals(204, t.delete("/api/messages/0000000a", TestServer.ADMIN).statusCode());
        assertTrue(t.store.read(tx -> tx.tombstone(m.id())).isPresent());
    }

    @Test
    void nonAdminDeleteIs403AndChangesNothing() throws Exception {
        Message m = Message.create("0000000a", 100, "mine", "K1", "n", "pi", "");
        store(m);
        assertEquals(403, t.delete("/api/messages/" + m.id(), TestServer.BOB).statusCode());
        assertTrue(t.store.read(tx -> tx.message(m.id())).isPresent());
    }

    @Test
    void unknownIdsAre404() throws Exception {
        assertEquals(404, t.delete("/api/messages/0000000f", TestServer.ADMIN).statusCode());
        assertEquals(404, t.delete("/api/messages/0000000f-1-00000000", TestServer.ADMIN).statusCode());
        assertEquals(404, t.delete("/api/messages/not-an-id", TestServer.ADMIN).statusCode());
        assertEquals(404, t.get("/api/messages/0000000f", TestServer.BOB).statusCode());
    }

    @Test
    void ambiguousV2IdIs409ListingTheGuids() throws Exception {
        Message a = Message.create("0000000a", 100, "first", "K1", "n", "pi", "");
        Message b = Message.create("0000000a", 100, "second", "K1", "n", "pi", "");
        store(a, b);
        HttpResponse<String> r = t.delete("/api/messages/0000000a", TestServer.ADMIN);
        assertEquals(409, r.statusCode());
        List<String> expected = a.id().compareTo(b.id()) < 0 ? List.of(a.id().value(), b.id().value())
                : List.of(b.id().value(), a.id().value());
        assertEquals(expected, iterable(json(r).get("guids").elements()).stream().map(JsonNode::asText).toList());
        assertEquals(2, (long) t.store.<Long>read(tx -> tx.messageCount()));
        assertEquals(409, t.get("/api/messages/0000000a", TestServer.BOB).statusCode());
    }

    @Test
    void wrongMethodIs405WithAllow() throws Exception {
        HttpResponse<String> put = t.send(t.request("/api/messages", TestServer.ADMIN)
                .PUT(HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(405, put.statusCode());
        assertEquals(Optional.of("GET, POST"), put.headers().firstValue("Allow"));
        HttpResponse<String> post = t.post("/api/messages/0000000a", TestServer.ADMIN, "{}");
        assertEquals(405, post.statusCode());
        assertEquals(Optional.of("GET, DELETE"), post.headers().firstValue("Allow"));
        // the refused bodies were not read, so their connections close after the reply: said, so the
        // client sends nothing more on them (see SyncMlHandler.refuse)
        assertEquals(Optional.of("close"), put.headers().firstValue("Connection"));
        assertEquals(Optional.of("close"), post.headers().firstValue("Connection"));
        assertEquals(Optional.empty(), t.get("/api/messages", TestServer.BOB).headers().firstValue("Connection"));
    }

    @Test
    void otherPathsAreLeftToOtherHandlers() throws Exception {
        assertEquals(404, t.get("/api/other", TestServer.BOB).statusCode());
        assertEquals(404, t.get("/api/messagesX", TestServer.BOB).statusCode());
    }

    private static List<String> texts(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return iterable(json(r).elements()).stream().map(n -> n.get("message").asText()).toList();
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
