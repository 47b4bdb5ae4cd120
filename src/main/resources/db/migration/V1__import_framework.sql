-- Framework schema: the jobs, their batch checkpoints and their per-row errors.
create table import_jobs (
    id              uuid primary key,
    pipeline        text        not null,
    source          text        not null check (source in ('inbox', 'upload')),
    file_name       text        not null,
    file_path       text        not null,  -- where the file is kept while the job can still run
    sha256          text        not null,
    size_bytes      bigint      not null,
    options         jsonb       not null default '{}'::jsonb,
    header          jsonb,                 -- the file's header cells as written, for the error report
    status          text        not null check (status in ('queued', 'running', 'completed', 'completed_with_errors',
                                                            'failed', 'cancelled', 'rolled_back')),
    total_rows      bigint,
    total_rows_exact boolean    not null default false,
    rows_read       bigint      not null default 0,
    rows_stored     bigint      not null default 0,
    rows_duplicate  bigint      not null default 0,
    rows_failed     bigint      not null default 0,
    batches_done    integer     not null default 0,
    batches_total   integer,
    created_at      timestamptz not null default now(),
    started_at      timestamptz,
    finished_at     timestamptz,
    last_error      text
);
create index import_jobs_pipeline_sha256 on import_jobs (pipeline, sha256);
create index import_jobs_created_at on import_jobs (created_at desc);

create table import_batches (
    import_id    uuid        not null references import_jobs (id) on delete cascade,
    batch_no     integer     not null,
    first_row    bigint      not null,
    last_row     bigint      not null,
    committed_at timestamptz not null default now(),
    primary key (import_id, batch_no)
);

create table import_errors (
    id          bigserial primary key,
    import_id   uuid        not null references import_jobs (id) on delete cascade,
    row_number  bigint,
    stage       text        not null,
    column_name text,
    value       text,
    reason      text        not null,
    raw_row     jsonb,      -- the row's original cells, in file order
    created_at  timestamptz not null default now()
);
create index import_errors_import_row on import_errors (import_id, row_number);
