-- The AI provider's rate limits as every instance on this database shares them (PostgresRequestAdmission): one row
-- per admitted request and limit it was admitted under ('provider', or a pipeline's name). Times are the database's
-- clock_timestamp(), the one clock all instances have in common.
create table ai_request_log (
    request_id     uuid        not null,
    limit_name     text        not null,
    admitted_at    timestamptz not null,
    -- the latest moment the request can have reached the provider: at admission, admitted_at + the request timeout
    -- + margins (so a crashed instance holds its slot only that long); narrowed when it was written (+ the transit
    -- margin) and when its answer or failure came back; never widened
    latest_arrival timestamptz not null,
    sent_at        timestamptz,
    finished_at    timestamptz,
    primary key (limit_name, request_id)
);
create index ai_request_log_by_arrival on ai_request_log (limit_name, latest_arrival);
create index ai_request_log_by_request on ai_request_log (request_id);
