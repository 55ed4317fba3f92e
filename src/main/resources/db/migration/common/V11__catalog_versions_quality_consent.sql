-- Vault versions as the catalog records them, quality tickets (Art. 10, 12) and the consent registry (Art. 6).

-- One row per ingested vault version. Holds counts, checksums and aggregate quality figures, never a value.
create table dataset_version (
    dataset_id       uuid not null references dataset (id),
    version          int not null,
    row_count        bigint not null,
    source_format    varchar(20) not null,
    source_sha256    varchar(64) not null,
    plaintext_sm3    varchar(64) not null,
    ciphertext_sm3   varchar(64) not null,
    ciphertext_bytes bigint not null,
    created_at       timestamp with time zone not null,
    created_by       varchar(100) not null,
    quality          text not null,
    primary key (dataset_id, version)
);

-- A quality problem an operator reports to a dataset's provider: OPEN -> ANSWERED -> CLOSED, or REJECTED.
create table quality_ticket (
    id                uuid primary key,
    dataset_id        uuid not null references dataset (id),
    field_name        varchar(60),
    summary           varchar(200) not null,
    description       varchar(4000) not null,
    state             varchar(20) not null,
    reporter_org_id   uuid not null,
    reported_by       varchar(100) not null,
    reported_at       timestamp with time zone not null,
    due_at            timestamp with time zone not null,
    answer            varchar(4000),
    answered_by       varchar(100),
    answered_at       timestamp with time zone,
    fixed_in_version  int,
    closed_by         varchar(100),
    closed_at         timestamp with time zone,
    rejection_reason  varchar(1000),
    version           bigint not null
);
create index quality_ticket_dataset_idx on quality_ticket (dataset_id);
create index quality_ticket_state_idx on quality_ticket (state, due_at);

-- Consent of a data subject (person or enterprise) for a purpose and an operator. The subject is stored only as
-- a keyed hash of its identifier (see io.quanyun.catalog.SubjectHash), never as the number itself.
create table consent_record (
    id             uuid primary key,
    subject_kind   varchar(20) not null,
    subject_hash   varchar(64) not null,
    purpose        varchar(100) not null,
    operator_id    uuid not null,
    valid_from     date not null,
    valid_until    date not null,
    withdrawn_at   timestamp with time zone,
    recorded_by    varchar(100) not null,
    recorded_org   uuid,
    recorded_at    timestamp with time zone not null
);
create index consent_subject_idx on consent_record (subject_hash, purpose, operator_id);
create index consent_purpose_idx on consent_record (purpose, operator_id);
