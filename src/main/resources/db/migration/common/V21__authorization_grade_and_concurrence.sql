-- Graded authorization (Art. 7): the highest classification a graded call may authorize (GENERAL or IMPORTANT);
-- null for the other modes.
alter table authorization_call add column grade varchar(20);

-- Domain-specific authorization (Art. 7, 8(3)): the provider drafts together with the authority. Each side's
-- agreement to publish is recorded; the call is published only when both agreed.
alter table authorization_call add column provider_concurred_at timestamp with time zone;
alter table authorization_call add column provider_concurred_by varchar(100);
