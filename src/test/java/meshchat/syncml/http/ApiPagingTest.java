package meshchat.syncml.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import meshchat.syncml.chat.Message;
import meshchat.syncml.chat.MessageId;

/** The JSON API's cursor: the whole history page by page both ways, then polling for what is new. */
class ApiPagingTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    private static List<String> texts(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.forEach(m -> out.add(m.get("message").asText()));
        return out;
    }

    /** Posting times out of arrival order: paging must follow arrival (seq), not epoch. */
    private static void fill(TestServer t, int n) {
        for (int i = 0; i < n; i++) {
            int k = i;
            t.store.write(tx -> tx.addMessage(Message.create(String.format("%08x", 0x100 + k), 1_700_000_000L - k * 7L % 5,
                    "m" + k, "K1ABC", "n", "pi", k % 2 == 0 ? "" : "odd"), "t"));
        }
    }

    @Test
    void longMessagesCutAPageShortAndTheCursorsGoOn() throws Exception {
        try (TestServer t = new TestServer(dir)) {
            for (int i = 0; i < 3; i++) {
                int k = i;
                String text = (char) ('a' + k) + "x".repeat(1_500_000); // three of them pass the 2,000,000-character bound
                t.store.write(tx -> tx.addMessage(Message.create(String.format("%08x", 0x200 + k), 1_700_000_000L + k,
                        text, "K1ABC", "n", "pi", ""), "t"));
            }
            HttpResponse<String> newest = t.get("/api/messages?limit=10", TestServer.BOB);
            assertEquals(List.of('c', 'b'), firstLetters(json(newest)), "cut after the message reaching the bound");
            assertEquals("true", newest.headers().firstValue(ApiHandler.MORE_HEADER).orElse(null));

            HttpResponse<String> first = t.get("/api/messages?since=0&limit=10", TestServer.BOB);
            JsonNode page = json(first);
            assertEquals(List.of('a', 'b'), firstLetters(page));
            assertEquals("true", first.headers().firstValue(ApiHandler.MORE_HEADER).orElse(null));
            long cursor = page.get(1).get("seq").asLong();
            HttpResponse<String> rest = t.get("/api/messages?since=" + cursor + "&limit=10", TestServer.BOB);
            assertEquals(List.of('c'), firstLetters(json(rest)), "the cursor goes on where the cut page ended");
            assertTrue(rest.headers().firstValue(ApiHandler.MORE_HEADER).isEmpty(), "a page not cut says nothing");

            HttpResponse<String> back = t.get("/api/messages?before=" + cursor + "&limit=10", TestServer.BOB);
            assertEquals(List.of('a'), firstLetters(json(back)));
        }
    }

    @Test
    void aLongMessageHiddenForTheReaderTakesNothingFromItsPage() throws Exception {
        // a memo client's Delete hides a message for its account; a 3,000,000-character one first
        // after the cursor emptied the page (and a client reading until [] stopped there for good)
        try (TestServer t = new TestServer(dir)) {
            String[] texts = {"h" + "x".repeat(3_000_000), "short one", "short two"};
            for (int i = 0; i < texts.length; i++) {
                int k = i;
                t.store.write(tx -> tx.addMessage(Message.create(String.format("%08x", 0x300 + k), 1_700_000_000L + k,
                        texts[k], "K1ABC", "n", "pi", ""), "t"));
            }
            t.store.write(tx -> tx.hide("bob", Message.create("00000300", 1_700_000_000L, texts[0], "K1ABC", "n", "pi", "").id()));
            HttpResponse<String> page = t.get("/api/messages?since=0&limit=10", TestServer.BOB);
            assertEquals(List.of('s', 's'), firstLetters(json(page)));
            assertTrue(page.headers().firstValue(ApiHandler.MORE_HEADER).isEmpty());
            assertEquals(List.of('s', 's'), firstLetters(json(t.get("/api/messages?limit=10", TestServer.BOB))));
        }
    }

    private static List<Character> firstLetters(JsonNode page) {
        List<Character> out = new ArrayList<>();
        page.forEach(m -> out.add(m.get("message").asText().charAt(0)));
        return out;
    }

    @Test
    void sinceReadsTheWholeHistoryOldestFirstThenPolls() throws Exception {
        try (TestServer t = new TestServer(dir)) {
            fill(t, 11);
            List<String> read = new ArrayList<>();
            long cursor = 0;
            int pages = 0;
            while (true) {
                JsonNode page = json(t.get("/api/messages?since=" + cursor + "&limit=4", TestServer.BOB));
                if (page.isEmpty()) {
                    break;
                }
                pages++;
                read.addAll(texts(page));
                for (JsonNode m : page) {
                    assertTrue(m.get("seq").asLong() > cursor, "ascending: " + page);
                    cursor = m.get("seq").asLong();
                }
            }
            assertEquals(3, pages);
            assertEquals(List.of("m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10"), read);
            // nothing new: an empty page; a new post shows up at the next poll, exactly once
            assertEquals(0, json(t.get("/api/messages?since=" + cursor, TestServer.BOB)).size());
            assertEquals(201, t.post("/api/messages", TestServer.BOB, "{\"message\":\"late\"}").statusCode());
            JsonNode poll = json(t.get("/api/messages?since=" + cursor, TestServer.BOB));
            assertEquals(List.of("late"), texts(poll));
        }
    }

    @Test
    void beforeWalksBackNewestFirstFromTheLastSeqHeader() throws Exception {
        try (TestServer t = new TestServer(dir)) {
            fill(t, 7);
            HttpResponse<String> first = t.get("/api/messages?limit=1", TestServer.BOB);
            long last = Long.parseLong(first.headers().firstValue("X-MeshChat-Last-Seq").orElseThrow());
            List<String> read = new ArrayList<>();
            long cursor = last + 1;
            while (true) {
                JsonNode page = json(t.get("/api/messages?before=" + cursor + "&limit=3&channel=odd", TestServer.BOB));
                if (page.isEmpty()) {
                    break;
                }
                read.addAll(texts(page));
                cursor = page.get(page.size() - 1).get("seq").asLong();
            }
            assertEquals(List.of("m5", "m3", "m1"), read);
        }
    }

    @Test
    void hiddenMessagesArePagedOverAndBadCursorsAreRefused() throws Exception {
        try (TestServer t = new TestServer(dir)) {
            fill(t, 3);
            MessageId m1 = t.store.read(tx -> tx.newest(10, null, null)).stream()
                    .filter(m -> m.text().equals("m1")).findFirst().orElseThrow().id();
            t.store.write(tx -> tx.hide("bob", m1));
            assertEquals(List.of("m0", "m2"), texts(json(t.get("/api/messages?since=0&limit=2", TestServer.BOB))));
            assertEquals(List.of("m0", "m1"), texts(json(t.get("/api/messages?since=0&limit=2", TestServer.ADMIN))));
            assertEquals(400, t.get("/api/messages?since=-1", TestServer.BOB).statusCode());
            assertEquals(400, t.get("/api/messages?before=x", TestServer.BOB).statusCode());
            HttpResponse<String> both = t.get("/api/messages?since=1&before=9", TestServer.BOB);
            assertEquals(400, both.statusCode());
            assertTrue(both.body().contains("not both"), both.body());
            // today's parameters still answer as before: newest first by posting time, no seq
            JsonNode plain = json(t.get("/api/messages?limit=5", TestServer.BOB));
            assertEquals(2, plain.size());
            assertTrue(plain.get(0).get("seq") == null);
        }
    }
}
