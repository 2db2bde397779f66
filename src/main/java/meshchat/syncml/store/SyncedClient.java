package meshchat.syncml.store;

import java.time.Instant;

/**
 * A SyncML client as the store knows it (a sync_state row) with the device's client software, for
 * the status page.
 *
 * @param syncedAt when its last session completed; null before schema version 6
 * @param devInf   the DevInf XML it last sent; null when it sent none
 */
public record SyncedClient(String account, String device, String datastore, Instant syncedAt, String devInf) {
}
