-- Why a grant is suspended (Art. 15, 18): one row per open reason. A grant suspended by a rectification order and
-- by a critical alert stays suspended until both are lifted; it comes back only when no hold is left.
create table access_grant_hold (
    access_grant  uuid not null references access_grant (id) on delete cascade,
    hold          varchar(120) not null,
    reason        varchar(1000) not null,
    held_since    timestamp with time zone not null,
    primary key (access_grant, hold)
);

-- grants suspended before holds existed were suspended by the authority
insert into access_grant_hold (access_grant, hold, reason, held_since)
select id, 'authority', coalesce(state_reason, 'suspended'), updated_at from access_grant where state = 'SUSPENDED';
