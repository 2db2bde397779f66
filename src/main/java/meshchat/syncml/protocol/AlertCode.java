package meshchat.syncml.protocol;

import java.util.Optional;

/**
 * Alert codes of SyncML DS, each citing where it is defined: OMA DS Protocol 1.2
 * (OMA-TS-DS_Protocol-V1_2), section "Alert Codes", in its class (1xx user alerts, 2xx sync
 * modes and session alerts). An {@link Alert} keeps its code as data; {@link #parse} answers
 * empty for codes we do not list (vendor codes such as Funambol's 250), never null.
 */
public enum AlertCode {
    /** Show the item's text to the user. DS Protocol 1.2, "Alert Codes": 100 (DISPLAY). */
    DISPLAY(100),
    /** Two-way sync from the anchors. DS Protocol 1.2, "Alert Codes": 200 (TWO-WAY). */
    TWO_WAY(200),
    /** Two-way sync comparing every item. DS Protocol 1.2, "Alert Codes": 201 (SLOW SYNC). */
    SLOW_SYNC(201),
    /** The client sends its changes only. DS Protocol 1.2, "Alert Codes": 202 (ONE-WAY FROM CLIENT). */
    ONE_WAY_FROM_CLIENT(202),
    /** The client sends all its data, replacing the server's. DS Protocol 1.2, "Alert Codes": 203 (REFRESH FROM CLIENT). */
    REFRESH_FROM_CLIENT(203),
    /** The server sends its changes only. DS Protocol 1.2, "Alert Codes": 204 (ONE-WAY FROM SERVER). */
    ONE_WAY_FROM_SERVER(204),
    /** The server sends all its data, replacing the client's. DS Protocol 1.2, "Alert Codes": 205 (REFRESH FROM SERVER). */
    REFRESH_FROM_SERVER(205),
    /** 200, alerted by the server (after a server alerted notification). DS Protocol 1.2, "Alert Codes": 206. */
    TWO_WAY_BY_SERVER(206),
    /** 202, alerted by the server. DS Protocol 1.2, "Alert Codes": 207. */
    ONE_WAY_FROM_CLIENT_BY_SERVER(207),
    /** 203, alerted by the server. DS Protocol 1.2, "Alert Codes": 208. */
    REFRESH_FROM_CLIENT_BY_SERVER(208),
    /** 204, alerted by the server. DS Protocol 1.2, "Alert Codes": 209. */
    ONE_WAY_FROM_SERVER_BY_SERVER(209),
    /** 205, alerted by the server. DS Protocol 1.2, "Alert Codes": 210. */
    REFRESH_FROM_SERVER_BY_SERVER(210),
    /** Result alert. DS Protocol 1.2, "Alert Codes": 221 (RESULT ALERT). */
    RESULT_ALERT(221),
    /** Asks for the next message of the package. DS Protocol 1.2, "Alert Codes": 222 (NEXT MESSAGE). */
    NEXT_MESSAGE(222),
    /** A large object ended before its last chunk. DS Protocol 1.2, "Alert Codes": 223 (NO END OF DATA). */
    NO_END_OF_DATA(223),
    /** Suspends the session (DS 1.2). DS Protocol 1.2, "Alert Codes": 224 (SUSPEND). */
    SUSPEND(224),
    /** Resumes a suspended session (DS 1.2). DS Protocol 1.2, "Alert Codes": 225 (RESUME). */
    RESUME(225);

    public final int code;

    AlertCode(int code) {
        this.code = code;
    }

    /** Ours with this number; empty for a code we do not list. */
    public static Optional<AlertCode> byCode(int code) {
        for (AlertCode a : values()) {
            if (a.code == code) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Ours for an Alert's Data; empty for null, garbage, or a code we do not list. */
    public static Optional<AlertCode> parse(String data) {
        if (data == null) {
            return Optional.empty();
        }
        try {
            return byCode(Integer.parseInt(data.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The code as an Alert carries it in its Data. */
    public String data() {
        return Integer.toString(code);
    }

    public boolean isSyncMode() {
        return code >= 200 && code <= 210;
    }

    @Override
    public String toString() {
        return Integer.toString(code);
    }
}
