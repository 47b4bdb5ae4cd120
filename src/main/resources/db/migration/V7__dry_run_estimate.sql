-- What a dry run found the real import would take (GET /api/imports/{id}/estimate).
alter table import_jobs add column estimate jsonb;
