-- Pipeline "users": accounts keyed by email. password_hash holds a bcrypt hash, never a plaintext password;
-- operational users have none.
create table users (
    email         text primary key,
    name          text,
    user_type     text not null default 'member' check (user_type in ('admin', 'member', 'operational')),
    password_hash text,
    import_id     uuid not null
);
