-- 自报数据核查:哪些县自报的减负数据与记录不符
-- Which reported figures do not hold: every verdict other than consistent, with the explanation.
SELECT division_code, period, indicator, source,
       reported_value, reported_prev_value, reported_change_pct,
       computed_value, computed_prev_value, computed_change_pct, verdict, explanation
FROM audit_reported_figures
WHERE verdict <> 'consistent'
ORDER BY division_code, period, indicator
