-- 修订记录:已发布的已结束期间数据,事后被改了多少、由谁改、为何改
-- Figures of closed periods revised after they were first published: first published → now over
-- every run, the late records that arrived since, the runs and reasons; largest relative change first.
SELECT division_code, level, period, indicator,
       min_by(published_value, run_id) AS first_published,
       max_by(revised_value, run_id) AS now,
       round((max_by(revised_value, run_id) - min_by(published_value, run_id))
             / abs(min_by(published_value, run_id)) * 100, 1) AS change_pct,
       sum(late_records) AS late_records,
       count(*) AS revisions,
       array_join(array_distinct(collect_list(reason)), ', ') AS reasons,
       max(run_id) AS last_revised_by
FROM revisions
WHERE period_closed
GROUP BY division_code, level, period, indicator
HAVING NOT (min_by(published_value, run_id) <=> max_by(revised_value, run_id))
ORDER BY abs(change_pct) DESC NULLS LAST, division_code, period, indicator
