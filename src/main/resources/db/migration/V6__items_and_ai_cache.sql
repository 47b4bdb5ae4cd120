-- Pipeline "items" (catalogue items improved by stage "enrich"), and the cache of the AI provider's answers.
create table items (
    item_id              text primary key,
    title                text,
    description          text,
    quality_tier         text,
    improved_description text,
    -- done: enriched; pending: no answer yet (POST /api/imports/{id}/enrich-pending); skipped: gold, needs none
    enrichment_status    text not null default 'pending' check (enrichment_status in ('done', 'pending', 'skipped')),
    import_id            uuid not null
);

-- One answer per (model, prompt version, input): the same input is never paid for twice, across imports and crashes.
create table ai_cache (
    model       text        not null,
    prompt_hash text        not null,  -- sha256 of the prompt file
    input_hash  text        not null,  -- sha256 of the row's input fields as canonical JSON
    output      jsonb       not null,
    created_at  timestamptz not null default now(),
    primary key (model, prompt_hash, input_hash)
);
