package meshchat.syncml.protocol;

import java.util.Optional;

/**
 * The status codes this server sends, each citing where it is defined: OMA SyncML Representation
 * Protocol 1.2.2 (OMA-TS-SyncML-RepPro-V1_2_2), section 10 "Response Status Codes", in its class
 * (2xx successful, 4xx originator exceptions, 5xx recipient exceptions). Clients send codes we do
 * not list: a {@link Status} keeps its code as data, and {@link #byCode}/{@link #parse} answer
 * empty for those, so an unknown code stays representable and is never mistaken for one of ours.
 */
public enum StatusCode {
    /** The command completed. RepPro 1.2.2 §10, 2xx: 200. */
    OK(200),
    /** The requested item was added. RepPro 1.2.2 §10, 2xx: 201. */
    ITEM_ADDED(201),
    /** Accepted for processing (run or alert later). RepPro 1.2.2 §10, 2xx: 202. */
    ACCEPTED(202),
    /** The item was deleted without archiving it. RepPro 1.2.2 §10, 2xx: 210. */
    DELETE_WITHOUT_ARCHIVE(210),
    /** The item to delete was not found: nothing deleted. RepPro 1.2.2 §10, 2xx: 211. */
    ITEM_NOT_DELETED(211),
    /** Authentication accepted for the whole session. RepPro 1.2.2 §10, 2xx: 212. */
    AUTHENTICATION_ACCEPTED(212),
    /** A chunk of a large object was accepted and buffered. RepPro 1.2.2 §10, 2xx: 213. */
    CHUNKED_ITEM_ACCEPTED(213),
    /** The command was not executed. RepPro 1.2.2 §10, 2xx: 215. */
    NOT_EXECUTED(215),
    /** The request was malformed. RepPro 1.2.2 §10, 4xx: 400. */
    BAD_REQUEST(400),
    /** Invalid credentials: a Chal says how to send proper ones. RepPro 1.2.2 §10, 4xx: 401. */
    INVALID_CREDENTIALS(401),
    /** Understood, but refused. RepPro 1.2.2 §10, 4xx: 403. */
    FORBIDDEN(403),
    /** The target was not found. RepPro 1.2.2 §10, 4xx: 404. */
    NOT_FOUND(404),
    /** The command is not allowed on the target. RepPro 1.2.2 §10, 4xx: 405. */
    COMMAND_NOT_ALLOWED(405),
    /** An optional feature the command needs is not supported. RepPro 1.2.2 §10, 4xx: 406. */
    OPTIONAL_FEATURE_NOT_SUPPORTED(406),
    /** Credentials are missing: a Chal says which are wanted. RepPro 1.2.2 §10, 4xx: 407. */
    MISSING_CREDENTIALS(407),
    /** The first chunk of a large object must declare its Size. RepPro 1.2.2 §10, 4xx: 411. */
    SIZE_REQUIRED(411),
    /** The command lacks something it needs. RepPro 1.2.2 §10, 4xx: 412. */
    INCOMPLETE_COMMAND(412),
    /** Larger than the recipient is able or willing to take. RepPro 1.2.2 §10, 4xx: 413. */
    REQUEST_ENTITY_TOO_LARGE(413),
    /** A target or source URI is longer than the recipient takes. RepPro 1.2.2 §10, 4xx: 414. */
    URI_TOO_LONG(414),
    /** The media type or format is not supported. RepPro 1.2.2 §10, 4xx: 415. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** The requested size is too big. RepPro 1.2.2 §10, 4xx: 416. */
    REQUESTED_SIZE_TOO_BIG(416),
    /** Busy: try again later. RepPro 1.2.2 §10, 4xx: 417. */
    RETRY_LATER(417),
    /** The item already exists. RepPro 1.2.2 §10, 4xx: 418. */
    ALREADY_EXISTS(418),
    /** A conflict, resolved with the server's data winning. RepPro 1.2.2 §10, 4xx: 419. */
    CONFLICT_RESOLVED_WITH_SERVER_DATA(419),
    /** A large object's data does not match its declared Size. RepPro 1.2.2 §10, 4xx: 424. */
    SIZE_MISMATCH(424),
    /** The sender lacks the access rights. RepPro 1.2.2 §10, 4xx: 425. */
    PERMISSION_DENIED(425),
    /** The command failed at the recipient. RepPro 1.2.2 §10, 5xx: 500. */
    COMMAND_FAILED(500),
    /** The recipient does not implement the command. RepPro 1.2.2 §10, 5xx: 501. */
    NOT_IMPLEMENTED(501),
    /**
     * The service is unavailable for now: the sender may try again later (nothing failed, unlike
     * 500 or 511). RepPro 1.2.2 §10, 5xx: 503.
     */
    SERVICE_UNAVAILABLE(503),
    /** Anchors do not match: a slow sync (refresh) is required. RepPro 1.2.2 §10, 5xx: 508. */
    REFRESH_REQUIRED(508),
    /** The datastore failed. RepPro 1.2.2 §10, 5xx: 510. */
    DATA_STORE_FAILURE(510),
    /** The server failed. RepPro 1.2.2 §10, 5xx: 511. */
    SERVER_FAILURE(511),
    /** The DTD version (VerDTD) of the message is not supported. RepPro 1.2.2 §10, 5xx: 505. */
    DTD_VERSION_NOT_SUPPORTED(505),
    /** The SyncML version of the message is not supported. RepPro 1.2.2 §10, 5xx: 513. */
    PROTOCOL_VERSION_NOT_SUPPORTED(513);

    public final int code;

    StatusCode(int code) {
        this.code = code;
    }

    /** The code as a Status carries it in its Data. */
    public String data() {
        return Integer.toString(code);
    }

    /** 2xx: the command succeeded (RepPro 1.2.2 §10, "Successful 2xx"). */
    public boolean isSuccess() {
        return code >= 200 && code < 300;
    }

    /** Ours with this number; empty for a code we do not list. */
    public static Optional<StatusCode> byCode(int code) {
        for (StatusCode s : values()) {
            if (s.code == code) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Ours for a Status's Data; empty for null, garbage, or a code we do not list. */
    public static Optional<StatusCode> parse(String data) {
        if (data == null) {
            return Optional.empty();
        }
        try {
            return byCode(Integer.parseInt(data.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
