-- Scale-out through a broker (issue #16).

-- The key that seals the plaintext passwords of stage hash's messages (AES-256-GCM): made once by the first instance
-- that needs it, read by the others. A message left in the broker (a dead letter, a queue on disk) is unreadable
-- without this database.
create table broker_payload_key (
    id         smallint primary key default 1 check (id = 1),
    key_bytes  bytea not null check (length(key_bytes) = 32),
    created_at timestamptz not null default now()
);

-- Every instance that consumes stage messages, as it last said it was alive (GET /api/queue: the workers seen recently).
create table broker_workers (
    instance_id   text primary key,
    host          text not null,
    stages        text not null,
    threads       integer not null,
    started_at    timestamptz not null,
    last_seen_at  timestamptz not null,
    consumed      bigint not null default 0,
    rows_done     bigint not null default 0,
    redelivered   bigint not null default 0
);
