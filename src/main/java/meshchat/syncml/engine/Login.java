package meshchat.syncml.engine;

import java.time.Clock;
import meshchat.syncml.protocol.Cred;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.protocol.StatusCode;
import meshchat.syncml.protocol.SyncHdr;
import meshchat.syncml.protocol.SyncMLVersion;
import meshchat.syncml.store.Account;
import meshchat.syncml.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates the first message of a session. The nonce rule: an MD5 credential is checked only
 * against a nonce we sent this device and that was not used yet, never against an empty one. That
 * nonce is either the one we persisted at the end of the device's last successful login, or one
 * we sent in a challenge to this device at this address (kept in memory only, {@link PendingNonces}).
 * A nonce is used up when a credential built on it checks out (the persisted one is replaced by
 * the new NextNonce in the same write) and a challenge nonce as soon as any credential is checked
 * against it. A credential with no usable nonce is not checked at all: it gets a challenge with a
 * fresh nonce (SyncEvolution's first contact, and any replay). SyncML 1.0 clients are challenged
 * for Basic: their MD5 digest covers the password itself, which we do not keep. Nothing is written to the store
 * until a login succeeds, so probes leave no rows and never reset the owner's nonce.
 */
final class Login {
    private static final Logger LOG = LoggerFactory.getLogger(Login.class);

    /** The outcome: the account (null when refused), the SyncHdr status and its challenge. */
    record Result(Account account, StatusCode status, MetInf chal) {
    }

    private final Store store;
    private final Authenticator auth = new Authenticator();
    private final PendingNonces pending;
    private final LoginThrottle throttle;

    Login(Store store, ServerConfig config, Clock clock, LoginThrottle throttle) {
        this.store = store;
        this.throttle = throttle;
        this.pending = new PendingNonces(clock, config.sessionTimeout(), config.guards().pendingNonces());
    }

    Result login(SyncHdr h, String device, String address) {
        Cred cred = h.cred();
        String locName = h.source().name();
        // SyncML 1.0's MD5 is b64(md5(user:password:nonce)); we keep only md5(user:password), so 1.0 logs in with Basic
        boolean v10 = h.version() == SyncMLVersion.V1_0;
        if (cred == null) {
            return challenge(StatusCode.MISSING_CREDENTIALS, v10 ? Authenticator.BASIC : Authenticator.MD5, device, address);
        }
        String type = Authenticator.isBasic(cred) ? Authenticator.BASIC : Authenticator.MD5;
        if (v10 && !type.equals(Authenticator.BASIC)) {
            LOG.info("device {} from {} sent a SyncML 1.0 MD5 credential: challenged for Basic", device, address);
            return challenge(StatusCode.INVALID_CREDENTIALS, Authenticator.BASIC, device, address); // not checked, not counted
        }
        String claimed = Authenticator.claimedName(cred, locName);
        if (throttle.blocked(claimed, device, address)) {
            LOG.debug("login throttled: account {} device {} from {} is in back-off", claimed, device, address);
            return challenge(StatusCode.INVALID_CREDENTIALS, type, device, address);
        }
        String challengeNonce = type.equals(Authenticator.MD5) ? pending.take(device, address) : null;
        String next = auth.newNonce();
        boolean checked = true;
        boolean nonceSaved = false;
        Account account = null;
        if (type.equals(Authenticator.BASIC)) {
            account = store.read(tx -> verified(cred, locName, "", tx::account));
        } else {
            String stored = store.read(tx -> tx.nonce(device)).orElse("");
            checked = challengeNonce != null || !stored.isEmpty();
            if (challengeNonce != null) {
                account = store.read(tx -> verified(cred, locName, challengeNonce, tx::account));
            }
            if (account == null && !stored.isEmpty()) {
                account = store.read(tx -> verified(cred, locName, stored, tx::account));
                // use the persisted nonce up exactly once, even against a concurrent replay
                nonceSaved = account != null && store.write(tx -> tx.replaceNonce(device, stored, next));
                account = nonceSaved ? account : null;
            }
        }
        if (account == null) {
            if (checked) {
                throttle.failed(claimed, device, address);
                LOG.warn("login failed: account {} device {} from {} ({})", claimed, device, address, type);
            } else {
                LOG.info("device {} from {} sent an MD5 credential without a usable nonce: challenged", device, address);
            }
            return challenge(StatusCode.INVALID_CREDENTIALS, type, device, address);
        }
        throttle.succeeded(claimed, device, address);
        if (!nonceSaved) {
            store.write(tx -> {
                tx.saveNonce(device, next); // the next session's nonce; the device's first row, if new
                return null;
            });
        }
        return new Result(account, StatusCode.AUTHENTICATION_ACCEPTED, Authenticator.challenge(type, next));
    }

    /** A refusal with a fresh challenge nonce, held in memory for this device at this address. */
    private Result challenge(StatusCode status, String type, String device, String address) {
        String nonce = auth.newNonce();
        if (type.equals(Authenticator.MD5)) {
            pending.put(device, address, nonce);
        }
        return new Result(null, status, Authenticator.challenge(type, nonce));
    }

    private Account verified(Cred cred, String locName, String nonce, Authenticator.Accounts accounts) {
        Authenticator.Verdict v = auth.verify(cred, locName, nonce, accounts);
        return v.ok() ? accounts.account(v.accountName()).orElse(null) : null;
    }

    int pendingChallenges() {
        return pending.size();
    }
}
