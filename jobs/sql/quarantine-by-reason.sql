-- 隔离记录:各类记录因何被隔离(最近一次运行)
-- What was quarantined in the latest run, per record type and reason code.
SELECT record_type, reason, count(*) AS records
FROM (
  SELECT record_type, explode(reasons) AS reason FROM quarantine_documents
  UNION ALL SELECT record_type, explode(reasons) FROM quarantine_meetings
  UNION ALL SELECT record_type, explode(reasons) FROM quarantine_platforms
  UNION ALL SELECT record_type, explode(reasons) FROM quarantine_platform_tasks
  UNION ALL SELECT record_type, explode(reasons) FROM quarantine_inspections
  UNION ALL SELECT record_type, explode(reasons) FROM quarantine_research_visits
  UNION ALL SELECT record_type, explode(reasons) FROM quarantine_assessments
  UNION ALL SELECT record_type, explode(reasons) FROM quarantine_reported_figures
  UNION ALL SELECT record_type, explode(reasons) FROM quarantine_divisions
)
GROUP BY record_type, reason
ORDER BY records DESC, record_type, reason
