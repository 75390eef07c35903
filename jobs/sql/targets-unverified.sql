-- 目标待核实:数值达标,但该期间记录不完整,不能作为"达标"引用
-- Targets whose value holds on incomplete records: not to be quoted as met, and why.
SELECT division_code, division_name, period, target, indicator, value, threshold, unverified_reason
FROM targets
WHERE status = 'unverified' AND period_type IN ('half', 'year')
ORDER BY period DESC, division_code, target
