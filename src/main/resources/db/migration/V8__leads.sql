-- Reference data the leads pipeline looks its ids up in (kept by the CRM sync, not by imports).
create table crm_leads (
    lead_id  text primary key,
    name     text,
    company  text,
    notes    text
);

-- Pipeline "leads": one assessment per lead id, with the lead's data as it was looked up.
create table lead_assessments (
    lead_id           text primary key,
    lead_name         text,
    company           text,
    notes             text,
    score             bigint check (score between 0 and 100),
    reasoning         text,
    enrichment_status text not null default 'pending' check (enrichment_status in ('done', 'pending', 'skipped')),
    import_id         uuid not null
);
