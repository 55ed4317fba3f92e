-- Validity rules declared per field by the provider (issue 3): a national check, a pattern, a range and allowed
-- values (joined by '|'). Fields registered before this migration get the rules that were inferred from their
-- names until now, so their quality figures do not change.
alter table dataset_field add column rule_check varchar(30);
alter table dataset_field add column rule_pattern varchar(200);
alter table dataset_field add column rule_minimum varchar(40);
alter table dataset_field add column rule_maximum varchar(40);
alter table dataset_field add column rule_allowed varchar(2000);

update dataset_field set rule_check = 'ID_CARD_NUMBER'
    where type = 'STRING' and (name = 'id_no' or name like '%\_id\_no' escape '\');
update dataset_field set rule_check = 'CREDIT_CODE'
    where type = 'STRING' and (name = 'credit_code' or name like '%\_credit\_code' escape '\');
update dataset_field set rule_check = 'PHONE' where type = 'STRING' and name like '%phone';
update dataset_field set rule_check = 'GENDER' where type = 'STRING' and name = 'gender';
update dataset_field set rule_check = 'DATE_RANGE'
    where type in ('DATE', 'TIMESTAMP') or (type = 'INTEGER' and name = 'year');
