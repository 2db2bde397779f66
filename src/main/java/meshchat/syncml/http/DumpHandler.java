package meshchat.syncml.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import meshchat.syncml.protocol.Encoding;
import meshchat.syncml.protocol.MalformedMessageException;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLCodec;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --dump-dir DIR}: writes every SyncML request and reply to DIR, a folder per
 * session ({@code 20261126T120000Z_DEVICE_SESSIONID/}, started by the session's message 1) with
 * files {@code 001-m1-request.xml}, {@code 001-m1-reply.xml} (exchange number, MsgID), WBXML as
 * {@code .wbxml} plus a decoded {@code .decoded.xml} copy. Wraps the whole server and leaves
 * everything but POSTs to the SyncML path alone; a failed dump is logged, the sync goes on.
 * Dumps hold message text and credentials: the folder and files are the owner's only.
 */
public final class DumpHandler extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(DumpHandler.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final int SESSIONS_REMEMBERED = 256;
    /** Dumps are written before login (to debug it), so anyone on the mesh could fill the disk: they stop here. */
    static final long BUDGET_BYTES = 256L << 20;
    private final java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean full = new java.util.concurrent.atomic.AtomicBoolean();

    private final Path dir;
    private final String syncPath;
    private final long maxBodyBytes;
    private final Clock clock;
    /** "device|SessionID" to its folder and exchange count; the oldest forgotten first. */
    private final Map<String, int[]> exchanges = new LinkedHashMap<>();
    private final Map<String, Path> folders = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Path> eldest) {
            if (size() > SESSIONS_REMEMBERED) {
                exchanges.remove(eldest.getKey());
                return true;
            }
            return false;
        }
    };

    public DumpHandler(Path dir, String syncPath, long maxBodyBytes, Clock clock, Handler next) throws IOException {
        super(next);
        this.dir = ownerOnly(dir);
        this.syncPath = syncPath;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.POST.is(request.getMethod()) || !syncPath.equals(Request.getPathInContext(request))) {
            return super.handle(request, response, callback);
        }
        byte[] body;
        try (InputStream in = Content.Source.asInputStream(request)) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1)); // the handler refuses more
        }
        Encoding encoding = Encoding.sniff(body, request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        String prefix = dump(body, encoding);
        Response capture = new Response.Wrapper(request, response) {
            private final ByteArrayOutputStream reply = new ByteArrayOutputStream();

            @Override
            public void write(boolean last, ByteBuffer content, Callback cb) {
                if (content != null) {
                    ByteBuffer copy = content.slice();
                    byte[] b = new byte[copy.remaining()];
                    copy.get(b);
                    reply.writeBytes(b);
                }
                if (last && prefix != null) {
                    boolean syncMl = getStatus() == 200;
                    writeDump(prefix + "reply", reply.toByteArray(), syncMl ? encoding : null);
                }
                super.write(last, content, cb);
            }
        };
        return super.handle(new Replay(request, body), capture, callback);
    }

    /** Writes the request; returns the file name prefix for its reply ("DIR/folder/001-m1-"), or null when dumping failed. */
    private String dump(byte[] body, Encoding encoding) {
        if (written.get() >= BUDGET_BYTES) {
            if (full.compareAndSet(false, true)) {
                LOG.warn("message dumps in {} reached {} MB: no more dumps until the server restarts", dir, BUDGET_BYTES >> 20);
            }
            return null;
        }
        String key;
        String msgId;
        boolean first;
        try {
            SyncHdr h = SyncMLCodec.decode(body, encoding).header();
            key = safe(h.source() == null ? "unknown" : h.source().uri()) + "_" + safe(h.sessionId());
            msgId = safe(h.msgId());
            first = "1".equals(h.msgId());
        } catch (MalformedMessageException | RuntimeException e) {
            key = "unreadable";
            msgId = "x";
            first = true;
        }
        Path folder;
        int n;
        synchronized (this) {
            folder = folders.get(key);
            if (first || folder == null) {
                folder = dir.resolve(STAMP.format(clock.instant()) + "_" + key);
                folders.put(key, folder);
                exchanges.put(key, new int[1]);
            }
            n = ++exchanges.get(key)[0];
        }
        try {
            ownerOnly(folder);
        } catch (IOException e) {
            LOG.warn("cannot write message dumps to {}: {}", folder, e.toString());
            return null;
        }
        String prefix = folder.resolve(String.format("%03d-m%s-", n, msgId)).toString();
        writeDump(prefix + "request", body, encoding);
        return prefix;
    }

    private void writeDump(String name, byte[] bytes, Encoding encoding) {
        written.addAndGet(2L * bytes.length); // the raw copy and, for WBXML, about as much decoded
        try {
            if (encoding == Encoding.WBXML) {
                Files.write(Path.of(name + ".wbxml"), bytes);
                String xml;
                try {
                    xml = WbxmlAsXml.decode(bytes);
                } catch (Exception e) {
                    xml = "<!-- not decodable as WBXML: " + e.getMessage().replace("--", "- -") + " -->\n";
                }
                Files.writeString(Path.of(name + ".decoded.xml"), xml, StandardCharsets.UTF_8);
            } else {
                Files.write(Path.of(name + (encoding == Encoding.XML ? ".xml" : ".txt")), bytes);
            }
        } catch (IOException e) {
            LOG.warn("cannot write the message dump {}: {}", name, e.toString());
        }
    }

    /** Device ids and SessionIDs are the client's words: only [A-Za-z0-9._-] reach a file name, at most 64. */
    static String safe(String s) {
        if (s == null || s.isEmpty()) {
            return "none";
        }
        String t = s.replaceAll("[^A-Za-z0-9._-]", "_");
        t = t.length() > 64 ? t.substring(0, 64) : t;
        return t.startsWith(".") ? "_" + t.substring(1) : t;
    }

    private static Path ownerOnly(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            return folder;
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(folder);
        }
        return folder;
    }

    /** The request with its body read already: the next handler reads it again from memory. */
    private static final class Replay extends Request.Wrapper {
        private final byte[] body;
        private boolean read;

        Replay(Request request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public long getLength() {
            return body.length;
        }

        @Override
        public Content.Chunk read() {
            if (read) {
                return Content.Chunk.EOF;
            }
            read = true;
            return Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run();
        }
    }
}
