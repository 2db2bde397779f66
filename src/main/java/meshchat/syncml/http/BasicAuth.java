package meshchat.syncml.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

import meshchat.syncml.engine.ChatDesk;
import meshchat.syncml.engine.LoginThrottle;
import meshchat.syncml.store.Account;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** HTTP Basic auth (RFC 7617) against the accounts' stored md5 digests, behind the login throttle. */
final class BasicAuth {
    private static final Logger LOG = LoggerFactory.getLogger(BasicAuth.class);

    static final String CHALLENGE = "Basic realm=\"meshchat\"";
    /**
     * The "device" of an API login for the throttle: none, so only (account, address) counts; a
     * shared device key would let one account's failures lock every API user at that address out.
     */
    private static final String API_DEVICE = null;

    private BasicAuth() {
    }

    /**
     * The account these credentials log in as; empty when missing, malformed or wrong, and, without
     * checking the password, while this account is in back-off from this address.
     */
    static Optional<Account> check(String authorization, ChatDesk desk, LoginThrottle throttle, String address) {
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
        if (throttle.blocked(name, API_DEVICE, address)) {
            LOG.debug("API login throttled: account {} from {} is in back-off", name, address);
            return Optional.empty();
        }
        Optional<Account> account = desk.login(name, password);
        if (account.isPresent()) {
            throttle.succeeded(name, API_DEVICE, address);
        } else {
            throttle.failed(name, API_DEVICE, address);
            LOG.warn("API login failed: account {} from {}", name, address);
        }
        return account;
    }
}
