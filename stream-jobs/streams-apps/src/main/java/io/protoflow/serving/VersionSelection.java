package io.protoflow.serving;

import io.protoflow.schemas.ModelControl;
import io.protoflow.schemas.ModelControlAction;
import java.util.List;

/**
 * Which snapshot version serves a model, given the versions held and the model's standing control
 * command.
 *
 * <ul>
 *   <li>No command, {@code UNPIN} (or an action this build does not know): the newest version.
 *   <li>{@code PIN N}, {@code ROLLBACK N}: version N. If N is not held (never published, or
 *       evicted), the newest held version below N, else the oldest held: a pin never moves a model
 *       forward past what was asked for when something older exists.
 *   <li>{@code ROLLBACK} without a version: the version before the newest one created at or before
 *       the command was issued; the oldest held when there is none before it.
 * </ul>
 *
 * @param version the version to serve, 0 when the model has no snapshot yet
 * @param pinned whether a PIN or ROLLBACK holds the model (newer snapshots are not served)
 * @param requested the version the command asked for, or null (none, or rollback to previous)
 * @param exact false when a pin's version was not held and another one was chosen
 */
record VersionSelection(long version, boolean pinned, Long requested, boolean exact) {

    static final VersionSelection NONE = new VersionSelection(0, false, null, true);

    static VersionSelection select(VersionIndex index, ModelControl control) {
        if (index.isEmpty()) {
            return new VersionSelection(0, isPin(control), requested(control), true);
        }
        if (!isPin(control)) {
            return new VersionSelection(index.newest(), false, null, true);
        }
        List<VersionIndex.Entry> entries = index.entries();
        Long target = control.getVersion();
        if (target == null) {
            long issuedAt = control.getIssuedAt().toEpochMilli();
            int newestBefore = -1;
            for (int i = 0; i < entries.size(); i++) {
                if (entries.get(i).createdAtMillis() <= issuedAt) {
                    newestBefore = i;
                }
            }
            long version =
                    newestBefore >= 1
                            ? entries.get(newestBefore - 1).version()
                            : entries.get(0).version();
            return new VersionSelection(version, true, null, newestBefore >= 1);
        }
        if (index.contains(target)) {
            return new VersionSelection(target, true, target, true);
        }
        long below = 0;
        for (VersionIndex.Entry e : entries) {
            if (e.version() < target) {
                below = e.version();
            }
        }
        long version = below > 0 ? below : entries.get(0).version();
        return new VersionSelection(version, true, target, false);
    }

    /** Whether the command holds the model at a version (PIN or ROLLBACK). */
    static boolean isPin(ModelControl control) {
        return control != null
                && (control.getAction() == ModelControlAction.PIN
                        || control.getAction() == ModelControlAction.ROLLBACK);
    }

    private static Long requested(ModelControl control) {
        return isPin(control) ? control.getVersion() : null;
    }
}
