-- Sandbox (issue 5): the per-workspace limit of concurrent queries, shared by every node. A running query holds
-- one of the workspace's numbered slots; taking a slot is one INSERT that the primary key lets only one query win,
-- so the limit holds across nodes without locks. A slot older than its lease (a node died) is taken over.
create table sandbox_query_slot (
    workspace_id uuid not null,
    slot         int not null,
    query_id     uuid not null,
    taken_at     timestamp with time zone not null,
    primary key (workspace_id, slot)
);
