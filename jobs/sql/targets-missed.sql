-- 目标未达标:哪个县在哪个期间未达到哪项目标(半年与全年)
-- Who misses which targets: every missed target, half-years and years, latest first.
SELECT division_code, division_name, period, target, indicator, direction, value, threshold, rule
FROM targets
WHERE status = 'missed' AND period_type IN ('half', 'year')
ORDER BY period DESC, division_code, target
