-- 数据可信度:哪个县哪类记录哪个月缺报、偏少或大量被隔离
-- Where the records are not to be trusted: every month of a county's source that is missing,
-- sparse or quarantine-heavy, with its counts (quality/completeness).
SELECT division_code, source, month, accepted, quarantined, duplicates,
       ROUND(quarantined_share, 3) AS quarantined_share, status
FROM data_completeness
WHERE status NOT IN ('ok', 'no_history')
ORDER BY division_code, source, month
