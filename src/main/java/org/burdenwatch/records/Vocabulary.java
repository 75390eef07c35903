package org.burdenwatch.records;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A closed set of values with their accepted spellings: the English value and its Chinese aliases.
 * Lookups ignore case and surrounding white space.
 */
public final class Vocabulary implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final List<String> values;
    private final Map<String, String> canonicalBySpelling;

    private Vocabulary(String name, List<String> values, Map<String, String> canonicalBySpelling) {
        this.name = name;
        this.values = Collections.unmodifiableList(values);
        this.canonicalBySpelling = Collections.unmodifiableMap(canonicalBySpelling);
    }

    public static Builder named(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The canonical English values, in declaration order. */
    public List<String> values() {
        return values;
    }

    /** Every accepted spelling (lower case) with its canonical value. */
    public Map<String, String> spellings() {
        return canonicalBySpelling;
    }

    /** The canonical value for a spelling, or null when the spelling is not in this vocabulary. */
    public String canonical(String spelling) {
        if (spelling == null) {
            return null;
        }
        return canonicalBySpelling.get(spelling.trim().toLowerCase(Locale.ROOT));
    }

    public static final class Builder {
        private final String name;
        private final List<String> values = new ArrayList<>();
        private final Map<String, String> canonicalBySpelling = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        public Builder value(String canonical, String... aliases) {
            values.add(canonical);
            canonicalBySpelling.put(canonical.toLowerCase(Locale.ROOT), canonical);
            for (String alias : aliases) {
                canonicalBySpelling.put(alias.toLowerCase(Locale.ROOT), canonical);
            }
            return this;
        }

        public Vocabulary build() {
            return new Vocabulary(name, values, canonicalBySpelling);
        }
    }
}
