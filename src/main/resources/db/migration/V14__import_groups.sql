-- Many files at once (issue #14): several files in one upload, a zip, or a zip dropped in the inbox form a group of
-- imports with one view, one cancel, one rollback and one notification; each file is still its own import job.
create table import_groups (
    id           uuid primary key,
    pipeline     text        not null,
    source       text        not null,                 -- upload | inbox
    name         text,                                 -- the zip's name, when the group came as one
    options      jsonb       not null default '{}',    -- the upload's options, as each of its jobs has them
    status       text        not null default 'running',
    files_total  integer     not null,
    created_at   timestamptz not null default now(),
    finished_at  timestamptz,
    notified_at  timestamptz                           -- its one completion notification went out
);
create index import_groups_recent on import_groups (created_at desc);

alter table import_jobs
    add column group_id     uuid references import_groups (id) on delete cascade,
    add column duplicate_of uuid;                       -- a file of a group byte-identical to an earlier one of it
create index import_jobs_group on import_jobs (group_id) where group_id is not null;
