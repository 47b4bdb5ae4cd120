-- Pipeline "transactions": marketplace order lines, one row per (channel, order, sku). Typed columns hold real types
-- (routes/README.md, "Typed columns"): quantity bigint, prices numeric, ordered_at timestamptz. currency is an
-- ISO 4217 alphabetic code, checked and upper-cased by the route's format: currency.
-- No index on import_id, as for contacts (V3): it would slow every COPY for the sake of the rare rollback.
create table transactions (
    channel      text not null,
    order_id     text not null,
    sku          text not null,
    product_name text,
    quantity     bigint,
    unit_price   numeric,
    total        numeric,
    currency     text check (currency ~ '^[A-Z]{3}$'),
    ordered_at   timestamptz,
    status       text,
    import_id    uuid not null,
    primary key (channel, order_id, sku)
);
