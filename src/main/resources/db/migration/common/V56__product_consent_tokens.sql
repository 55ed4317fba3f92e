-- Consent tokens (issue 6, part 2; ADR 2026-11-29-subject-consent-channel): every token issued is recorded so that
-- the data subject can list and revoke it. The subject appears only as its keyed hash (never an identity number).
-- The table is the truth for revocation; the calls endpoint keeps the revoked ids in memory.
create table product_consent_token (
    id              uuid primary key,
    product_id      uuid not null references product (id),
    consumer_id     uuid not null references organization (id),
    consumer_name   varchar(200) not null,
    subject_hash    varchar(64) not null,
    channel         varchar(20) not null,
    issued_by       varchar(200) not null,
    issued_at       timestamp with time zone not null,
    expires_at      timestamp with time zone not null,
    revoked_by      varchar(200),
    revoked_at      timestamp with time zone
);
create index product_consent_token_subject_idx on product_consent_token (subject_hash);
create index product_consent_token_revoked_idx on product_consent_token (revoked_at, expires_at);
