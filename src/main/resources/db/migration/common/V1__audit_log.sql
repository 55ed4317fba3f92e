-- The hash-chained audit log (Art. 8(5), 14, 19). Entries are only ever inserted.
create table audit_entry (
    seq               bigint primary key,
    occurred_at       timestamp with time zone not null,
    actor_user_id     uuid,
    actor             varchar(100) not null,
    organization_id   uuid,
    organization_name varchar(200) not null,
    roles             varchar(400) not null,
    client_address    varchar(64),
    action            varchar(120) not null,
    object_type       varchar(60) not null,
    object_id         varchar(120) not null,
    outcome           varchar(16) not null,
    reason            varchar(1000),
    details           text not null,
    prev_hash         char(64) not null,
    hash              char(64) not null
);
create index audit_entry_actor_idx on audit_entry (actor);
create index audit_entry_action_idx on audit_entry (action);
create index audit_entry_object_idx on audit_entry (object_type, object_id);
create index audit_entry_time_idx on audit_entry (occurred_at);

-- One row: the last entry's sequence and hash. Appending locks it, so entries chain in commit order.
create table audit_head (
    id        int primary key,
    last_seq  bigint not null,
    last_hash char(64) not null
);
insert into audit_head (id, last_seq, last_hash)
values (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
