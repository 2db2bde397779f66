package meshchat.syncml.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;

/** HTTP Basic auth (RFC 7617) against the accounts' stored md5 digests. */
final class BasicAuth {

    static final String CHALLENGE = "Basic realm=\"meshchat\"";

    private BasicAuth() {
    }

    /** The account these credentials log in as; empty when missing, malformed or wrong. */
    static Optional<Account> check(String authorization, Store store) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = pair.indexOf(':');
        if (colon <= 0) {
            return Optional.empty();
        }
        String name = pair.substring(0, colon);
        String password = pair.substring(colon + 1);
        return store.read(tx -> tx.account(name)).filter(a -> a.checkPassword(password));
    }
}
