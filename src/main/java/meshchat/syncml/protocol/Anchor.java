package meshchat.syncml.protocol;

/** A sync anchor pair (MetInf Anchor): Last is the previous session's Next, absent on a first sync. */
public record Anchor(String last, String next) {
}
