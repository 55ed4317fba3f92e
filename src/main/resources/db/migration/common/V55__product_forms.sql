-- Statistics, report and model products (issue 6, forms): each published content is a revision backed by
-- approved exports (statistics, reports) or by a model trained inside the sandbox. Only released results and
-- model parameters are stored here, never rows of public data.
create table product_revision (
    product_id    uuid not null references product (id),
    revision      int not null,
    kind          varchar(20) not null,
    export_ids    varchar(2000) not null,
    title         varchar(200) not null,
    content_json  text not null,
    content_sm3   varchar(64) not null,
    pdf_base64    text,
    pdf_sm3       varchar(64),
    published_by  varchar(100) not null,
    published_at  timestamp with time zone not null,
    primary key (product_id, revision)
);

-- A model's scores per person, keyed by a keyed hash of the person's identifier (never the identifier).
create table product_model_score (
    product_id    uuid not null references product (id),
    revision      int not null,
    subject_hash  varchar(64) not null,
    score         double precision not null,
    primary key (product_id, revision, subject_hash)
);

-- Prices: the authorizer's cap per product and the operator's fee, with their history (national rules of 2025).
create table product_price_change (
    id           uuid primary key,
    product_id   uuid not null references product (id),
    what         varchar(10) not null,
    amount       numeric(14, 4) not null,
    unit         varchar(20) not null,
    changed_by   varchar(100) not null,
    changed_at   timestamp with time zone not null
);
create index product_price_change_product_idx on product_price_change (product_id);

-- Revenue: charges recorded from metering (or by the platform's own paid endpoints), per operator and year,
-- against the maximum the authority permits.
create table product_charge (
    id            uuid primary key,
    product_id    uuid not null references product (id),
    operator_id   uuid not null,
    charge_year   int not null,
    units         bigint not null,
    amount        numeric(16, 4) not null,
    reference     varchar(200) not null,
    recorded_at   timestamp with time zone not null
);
create index product_charge_operator_idx on product_charge (operator_id, charge_year);
create unique index product_charge_reference_idx on product_charge (product_id, reference);

create table product_revenue_limit (
    operator_id     uuid not null,
    limit_year      int not null,
    maximum_amount  numeric(16, 2) not null,
    set_by          varchar(100) not null,
    set_at          timestamp with time zone not null,
    primary key (operator_id, limit_year)
);

-- Published annual operating reports (per operator) and yearly public disclosures (operator null), frozen with
-- their SM3; due by the end of March of the following year.
create table product_disclosure (
    id            uuid primary key,
    report_year   int not null,
    operator_id   uuid,
    content_json  text not null,
    content_sm3   varchar(64) not null,
    published_by  varchar(100) not null,
    published_at  timestamp with time zone not null,
    on_time       boolean not null
);
create index product_disclosure_year_idx on product_disclosure (report_year);
