package meshchat.syncml.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import meshchat.syncml.protocol.Cred;
import meshchat.syncml.protocol.MetInf;
import meshchat.syncml.store.Account;
import org.junit.jupiter.api.Test;

/** The test vector of the protocol sheet (section 11) and the checks built on it. */
class AuthenticatorTest {
    private final Authenticator auth = new Authenticator();
    private final Authenticator.Accounts accounts = name -> "alice".equals(name)
            ? Optional.of(new Account("alice", Authenticator.userPassDigest("alice", "secret"), false, "ALICE"))
            : Optional.empty();

    private static Cred cred(String type, String data) {
        return new Cred(MetInf.EMPTY.withFormat("b64").withType(type), data);
    }

    @Test
    void userPassDigestMatchesTheSheet() {
        assertEquals("b2IgWJaLuQdX5sbteeXfgQ==", Authenticator.userPassDigest("alice", "secret"));
        assertEquals("ZD1ZeisPeQs0qipHc9tEsw==", Authenticator.userPassDigest("dummy", "sync"));
    }

    @Test
    void md5CredentialMatchesTheSheetVector() {
        assertEquals("11brX0I1Zputmw6OIeJz/w==",
                Authenticator.md5Cred("b2IgWJaLuQdX5sbteeXfgQ==", "Nonce".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void md5CredentialWithTheStoredNonceIsAccepted() {
        var v = auth.verify(cred(Authenticator.MD5, "11brX0I1Zputmw6OIeJz/w=="), "alice", "Tm9uY2U=", accounts);
        assertTrue(v.ok());
        assertEquals("alice", v.accountName());
    }

    @Test
    void md5CredentialWithAnotherNonceOrUserIsRefused() {
        assertFalse(auth.verify(cred(Authenticator.MD5, "11brX0I1Zputmw6OIeJz/w=="), "alice", "", accounts).ok());
        assertFalse(auth.verify(cred(Authenticator.MD5, "11brX0I1Zputmw6OIeJz/w=="), "bob", "Tm9uY2U=", accounts).ok());
        assertFalse(auth.verify(cred(Authenticator.MD5, "11brX0I1Zputmw6OIeJz/w=="), null, "Tm9uY2U=", accounts).ok());
    }

    @Test
    void theFirstSessionUsesAnEmptyNonceLikeSyncEvolution() {
        // capture a: user test, password secret, no nonce yet -> MraccrRHny5AADBfmPIGpQ==
        String digest = Authenticator.userPassDigest("test", "secret");
        assertEquals("MraccrRHny5AADBfmPIGpQ==", Authenticator.md5Cred(digest, new byte[0]));
    }

    /** Issue 7 item 2: on the empty nonce the credential is a fixed value per account, replayable forever. */
    @Test
    void anMd5CredentialOnTheEmptyNonceIsNeverAccepted() {
        String emptyNonceCred = Authenticator.md5Cred(Authenticator.userPassDigest("alice", "secret"), new byte[0]);
        assertFalse(auth.verify(cred(Authenticator.MD5, emptyNonceCred), "alice", "", accounts).ok());
        assertFalse(auth.verify(cred(Authenticator.MD5, emptyNonceCred), "alice", null, accounts).ok());
    }

    @Test
    void theClaimedAccountIsLocNameForMd5AndTheDecodedUserForBasic() {
        assertEquals("alice", Authenticator.claimedName(cred(Authenticator.MD5, "xx"), "alice"));
        assertEquals("alice", Authenticator.claimedName(cred(Authenticator.BASIC, "YWxpY2U6d3Jvbmc="), "bob"));
    }

    @Test
    void basicCredentialIsCheckedAgainstTheStoredDigest() {
        assertTrue(auth.verify(cred(Authenticator.BASIC, "YWxpY2U6c2VjcmV0"), null, "", accounts).ok());
        assertFalse(auth.verify(cred(Authenticator.BASIC, "YWxpY2U6d3Jvbmc="), null, "", accounts).ok());
        assertFalse(auth.verify(cred(Authenticator.BASIC, "not base64 at all!"), null, "", accounts).ok());
    }

    @Test
    void unknownSchemeIsRefused() {
        assertFalse(auth.verify(cred("syncml:auth-MAC", "xx"), "alice", "", accounts).ok());
    }

    @Test
    void noncesAreFreshEachTime() {
        assertNotEquals(auth.newNonce(), auth.newNonce());
    }

    /** SyncEvolution treats the nonce as a C string: a 0x00 byte would cut it (about 1 session in 20). */
    @Test
    void noncesNeverHoldAZeroByteOrAnythingUnprintable() {
        for (int i = 0; i < 10_000; i++) {
            for (byte b : java.util.Base64.getDecoder().decode(auth.newNonce())) {
                assertTrue(b >= '!' && b <= '~', "byte " + b);
            }
        }
    }
}
