package meshchat.syncml.protocol;

import java.util.List;

/** A SyncML command. The set is closed; dispatch on {@link #kind()} (Java 17 has no sealed switch). */
public sealed interface Command permits Alert, Status, Sync, ItemCommand, Put, Get, Results, MapCommand, Container {

    /** Command element names, as they appear in XML and in Status/Cmd. */
    enum Kind {
        ALERT("Alert"), STATUS("Status"), SYNC("Sync"), ADD("Add"), REPLACE("Replace"), DELETE("Delete"),
        COPY("Copy"), MOVE("Move"), PUT("Put"), GET("Get"), RESULTS("Results"), MAP("Map"),
        ATOMIC("Atomic"), SEQUENCE("Sequence"), EXEC("Exec"), SEARCH("Search");

        public final String element;

        Kind(String element) {
            this.element = element;
        }
    }

    Kind kind();

    String cmdId();

    default boolean noResp() {
        return false;
    }

    /** Items of a command, empty when it has none. */
    default List<Item> items() {
        return List.of();
    }
}
