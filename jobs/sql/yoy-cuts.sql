-- 精文减会:哪些县发文、会议同比压减最多(最近一个数据完整、有去年同期的半年)
-- Which counties cut documents and meetings most, year on year, in the latest complete half-year.
-- A reduction is negative: (current − previous) / previous × 100.
WITH latest AS (
  SELECT max(period) AS period FROM county_indicators
  WHERE period_type = 'half' AND period_complete AND documents_issued_prev IS NOT NULL
)
SELECT c.division_code, c.division_name, c.period,
       c.documents_issued, c.documents_issued_prev, c.documents_issued_change_pct,
       c.meetings_held, c.meetings_held_prev, c.meetings_held_change_pct,
       c.burden_hours_per_cadre_change_pct, c.burden_shifted
FROM county_indicators c JOIN latest l ON c.period = l.period
WHERE c.period_type = 'half' AND c.level = 'county'
ORDER BY c.documents_issued_change_pct + c.meetings_held_change_pct, c.division_code
