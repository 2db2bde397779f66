package meshchat.syncml.store;

import java.util.Objects;

/** One SyncML client's view: an account syncing one datastore from one device. */
public record ClientKey(String account, String device, String datastore) {
    public ClientKey {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(datastore, "datastore");
    }
}
