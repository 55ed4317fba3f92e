-- On H2 the same guard is a Java trigger.
create trigger audit_entry_append_only before update, delete on audit_entry
    for each row call 'io.quanyun.audit.AppendOnlyTrigger';
