package org.burdenwatch.input;

import org.burdenwatch.records.TargetsFile;
import java.io.Serializable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.burdenwatch.records.Field;
import org.burdenwatch.records.RecordType;

/**
 * Which columns and keys hold personal names, so that no raw text kept in quarantine or duplicates
 * carries one: every field declared personal (a research visit's leader), by its name and every
 * alias, and the extra name columns an office configures (defaults: 负责人, 联系人, 领导, 姓名,
 * leader_name, contact), all in any case. Where a line cannot be parsed well enough to locate its
 * fields, the reader keeps no raw text at all.
 */
public final class Redaction implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What replaces a personal value in raw text. */
    public static final String REDACTED = "[redacted]";

    private final Set<String> extra = new LinkedHashSet<>();

    public Redaction(List<String> nameColumns) {
        nameColumns.forEach(c -> extra.add(RecordType.normalise(c)));
    }

    public static Redaction defaults() {
        return new Redaction(TargetsFile.DEFAULT_PERSONAL_COLUMNS);
    }

    /** The extra name columns, normalised. */
    public Set<String> nameColumns() {
        return Set.copyOf(extra);
    }

    /** True when a column or key of a record of this type holds a personal name. */
    public boolean isPersonal(RecordType type, String key) {
        int f = type.fieldIndexForHeader(key);
        if (f >= 0) {
            Field field = type.fields().get(f);
            if (field.isPersonal()) {
                return true;
            }
        }
        return extra.contains(RecordType.normalise(key));
    }
}
