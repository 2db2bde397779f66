package meshchat.syncml.protocol;

/** Alert codes of SyncML DS (DS Protocol 1.2, section "Alert Codes"). */
public enum AlertCode {
    /** Display (100). */
    DISPLAY(100),
    TWO_WAY(200), SLOW_SYNC(201), ONE_WAY_FROM_CLIENT(202), REFRESH_FROM_CLIENT(203),
    ONE_WAY_FROM_SERVER(204), REFRESH_FROM_SERVER(205),
    /** 206-210: the same modes, alerted by the server (after a server alerted notification). */
    TWO_WAY_BY_SERVER(206), ONE_WAY_FROM_CLIENT_BY_SERVER(207), REFRESH_FROM_CLIENT_BY_SERVER(208),
    ONE_WAY_FROM_SERVER_BY_SERVER(209), REFRESH_FROM_SERVER_BY_SERVER(210),
    RESULT_ALERT(221), NEXT_MESSAGE(222), NO_END_OF_DATA(223), SUSPEND(224), RESUME(225);

    public final int code;

    AlertCode(int code) {
        this.code = code;
    }

    public static AlertCode of(String data) {
        if (data == null) {
            return null;
        }
        try {
            int c = Integer.parseInt(data.trim());
            for (AlertCode a : values()) {
                if (a.code == c) {
                    return a;
                }
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }

    public boolean isSyncMode() {
        return code >= 200 && code <= 210;
    }

    @Override
    public String toString() {
        return Integer.toString(code);
    }
}
