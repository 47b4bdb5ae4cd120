-- Two service instances sharing a database and an inbox must never import the same file twice: at most one
-- unfinished job per pipeline and file content. The instance whose insert loses leaves the file to the other.
create unique index import_jobs_one_active_per_file on import_jobs (pipeline, sha256)
    where status in ('queued', 'running');
