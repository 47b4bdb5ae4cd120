-- Business tables of the first two pipelines. Every row carries the import that last wrote it.
create table contacts (
    email      text primary key,
    first_name text,
    last_name  text,
    company    text,
    phone      text,
    import_id  uuid not null
);

create table records (
    import_id  uuid   not null,
    row_number bigint not null,
    data       jsonb  not null,
    primary key (import_id, row_number)
);
