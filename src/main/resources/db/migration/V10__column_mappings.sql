-- Saved column mappings (issue #13): a named {column: header} map per pipeline, applied by an upload's mapping=<name>.
-- An import keeps the map it resolved in its own options, so editing or deleting a mapping never changes an import.
create table column_mappings (
    pipeline    text        not null,
    name        text        not null,
    mapping     jsonb       not null check (jsonb_typeof(mapping) = 'object'),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    primary key (pipeline, name)
);
