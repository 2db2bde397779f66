package meshchat.syncml.store;

import java.sql.SQLException;

/** Work done inside one transaction; see {@link Store#write} and {@link Store#read}. */
@FunctionalInterface
public interface TxWork<T> {
    T apply(Tx tx) throws SQLException;
}
