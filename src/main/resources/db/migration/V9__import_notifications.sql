-- Completion notifications (routes/notifications.camel.yaml): one row per webhook or e-mail sent, or given up on.
-- No foreign key to import_jobs: a record of what was sent outlives the job, and never stands in the way of
-- emptying the job tables.
create table import_notifications (
    id          bigserial   primary key,
    import_id   uuid        not null,
    event_id    text        not null,   -- the webhook-id of the event (Standard Webhooks)
    channel     text        not null check (channel in ('webhook', 'email')),
    target      text        not null,   -- the URL without query or user info, or the e-mail address
    outcome     text        not null check (outcome in ('delivered', 'failed')),
    attempts    integer     not null,
    reason      text,                   -- why it failed, never a secret
    created_at  timestamptz not null default now()
);
create index import_notifications_import_id on import_notifications (import_id);
