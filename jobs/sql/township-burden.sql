-- 乡镇人均负担工时:最近一个数据完整的半年,按人均负担工时从高到低
-- Burden hours per cadre by township, latest complete half-year, heaviest first.
WITH latest AS (
  SELECT max(period) AS period FROM township_indicators WHERE period_type = 'half' AND period_complete
)
SELECT t.county_code, c.division_name AS county_name, t.division_code, t.division_name, t.period,
       t.grassroots_cadres, t.burden_hours, t.burden_hours_per_cadre,
       t.burden_hours_per_cadre_prev, t.burden_hours_per_cadre_change_pct
FROM township_indicators t
JOIN latest l ON t.period = l.period
LEFT JOIN (SELECT DISTINCT division_code, division_name FROM county_indicators) c ON c.division_code = t.county_code
WHERE t.period_type = 'half'
ORDER BY t.burden_hours_per_cadre DESC NULLS LAST, t.division_code
