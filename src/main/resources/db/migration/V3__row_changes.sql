-- Before-images: the state of each existing row the first time an import changed it (update or merge), written in
-- the same transaction as the change, so that rolling the import back can restore it.
create table import_row_changes (
    import_id  uuid  not null references import_jobs (id) on delete cascade,
    table_name text  not null,
    row_key    jsonb not null,
    before     jsonb not null,
    primary key (import_id, table_name, row_key)
);

-- No index on contacts.import_id: it would slow every COPY down for the sake of the rare rollback, which scans.
