package meshchat.syncml.legacy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * {@code /cgi-bin/meshchat} on the v2 port: reads the form values as luci.http does (query
 * string for any method, plus a urlencoded or multipart POST body) and writes the
 * {@link V2Actions} answer. Other paths are not ours (Jetty answers 404). Blocking: it reads the
 * store.
 */
final class V2Handler extends Handler.Abstract {

    static final String PATH = "/cgi-bin/meshchat";
    /** lucihttp-based LuCI stops reading a form body after 100 KiB. */
    static final int MAX_FORM_BYTES = 100 * 1024;

    private final V2Actions actions;

    V2Handler(V2Actions actions) {
        this.actions = actions;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return false;
        }
        Map<String, String> q = form(request);
        String accept = request.getHeaders().get(HttpHeader.ACCEPT_ENCODING);
        V2Reply reply = actions.answer(q, accept != null && accept.contains("gzip"), Request.getRemoteAddr(request));
        HttpFields.Mutable h = response.getHeaders();
        for (String[] header : reply.headers()) {
            // no HttpHeader: Jetty would print its canonical "Content-Type"; v2 prints "Content-type"
            h.add(new HttpField(null, header[0], header[1]));
        }
        h.put(HttpHeader.CONTENT_LENGTH, reply.body().length);
        response.setStatus(200);
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
        return true;
    }

    /** The first value of each name, query string first (luci.http reads it before the body). */
    private static Map<String, String> form(Request request) throws Exception {
        Map<String, String> q = new HashMap<>();
        Fields query = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        for (Fields.Field f : query) {
            q.putIfAbsent(f.getName(), f.getValue());
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        boolean post = HttpMethod.POST.is(request.getMethod());
        if (post && contentType != null && contentType.regionMatches(true, 0, "multipart/form-data", 0, 19)
                && !"upload_file".equals(query.getValue("action"))) {
            MultiPartConfig config = new MultiPartConfig.Builder().maxParts(32).maxSize(MAX_FORM_BYTES)
                    .maxPartSize(MAX_FORM_BYTES).maxMemoryPartSize(MAX_FORM_BYTES).build();
            try (MultiPartFormData.Parts parts = MultiPartFormData.getParts(request, request, contentType, config)) {
                for (MultiPart.Part part : parts) {
                    if (part.getFileName() == null && part.getName() != null) {
                        q.putIfAbsent(part.getName(), part.getContentAsString(StandardCharsets.UTF_8));
                    }
                }
            }
        } else if (post) {
            request.setAttribute(FormFields.MAX_LENGTH_ATTRIBUTE, MAX_FORM_BYTES);
            for (Fields.Field f : Request.getParameters(request)) { // query and body
                q.putIfAbsent(f.getName(), f.getValue());
            }
        }
        return q;
    }
}
