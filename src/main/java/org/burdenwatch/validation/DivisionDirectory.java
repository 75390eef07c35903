package org.burdenwatch.validation;

import java.io.Serializable;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.burdenwatch.records.Vocabularies;

/**
 * The accepted divisions, by code: the reference every other record's county_code and
 * township_code is checked against. Small (a country has about 45,000 divisions), so it is held
 * on the driver and broadcast.
 */
public final class DivisionDirectory implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One accepted division. */
    public record Division(String code, String name, String level, String parentCode, Long grassrootsCadres)
            implements Serializable {
    }

    private final Map<String, Division> byCode = new HashMap<>();

    public DivisionDirectory(Collection<Division> divisions) {
        for (Division d : divisions) {
            byCode.put(d.code(), d);
        }
    }

    public static DivisionDirectory empty() {
        return new DivisionDirectory(List.of());
    }

    public Division get(String code) {
        return byCode.get(code);
    }

    public Collection<Division> all() {
        return byCode.values();
    }

    /** True for a county or a prefecture: the levels a county_code may name. */
    public boolean isCountyOrPrefecture(String code) {
        Division d = byCode.get(code);
        return d != null && (Vocabularies.COUNTY.equals(d.level()) || Vocabularies.PREFECTURE.equals(d.level()));
    }
}
