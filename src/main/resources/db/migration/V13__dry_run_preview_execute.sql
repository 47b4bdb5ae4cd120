-- Preview, then execute (issue #13 part 7). What a dry run found the real import would do against the live table,
-- a bounded sample of the rows and changes it would make (GET /api/imports/{id}/preview), how long its staged file is
-- kept for POST /api/imports/{id}/execute, and the link between a dry run and the import executed from it.
alter table import_jobs
    add column would_insert          bigint,
    add column would_update          bigint,
    add column would_leave_unchanged bigint,
    add column would_fail            bigint,
    add column preview               jsonb,
    add column file_kept_until       timestamptz,
    add column dry_run_id            uuid,
    add column executed_as           uuid;

-- the hourly clean-up finds the kept files that expired without reading every job
create index import_jobs_kept_files on import_jobs (file_kept_until) where file_kept_until is not null;
create index import_jobs_dry_run on import_jobs (dry_run_id) where dry_run_id is not null;
