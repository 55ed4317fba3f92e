package io.quanyun.sandbox.policy;

import io.quanyun.sandbox.ColumnType;
import io.quanyun.sandbox.GrantedColumn;
import io.quanyun.sandbox.GrantedTable;
import io.quanyun.sandbox.SandboxGrant;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.tools.Frameworks;

/** A Calcite schema holding exactly the granted tables and columns; nothing else can be named. */
final class GrantSchema {

    private GrantSchema() {
    }

    static SchemaPlus of(SandboxGrant grant, List<GrantedTable> derivedTables) {
        SchemaPlus root = Frameworks.createRootSchema(false);
        for (GrantedTable table : grant.tables()) {
            root.add(table.name(), new GrantedRelation(table));
        }
        for (GrantedTable table : derivedTables) {
            root.add(table.name(), new GrantedRelation(table));
        }
        return root;
    }

    static SqlTypeName sqlType(ColumnType type) {
        return switch (type) {
            case TEXT -> SqlTypeName.VARCHAR;
            case INTEGER -> SqlTypeName.BIGINT;
            case DOUBLE -> SqlTypeName.DOUBLE;
            case DATE -> SqlTypeName.DATE;
            case TIMESTAMP -> SqlTypeName.TIMESTAMP;
            case BOOLEAN -> SqlTypeName.BOOLEAN;
        };
    }

    /** A granted table as Calcite sees it: a row type, no data. */
    static final class GrantedRelation extends AbstractTable {

        private final GrantedTable table;

        GrantedRelation(GrantedTable table) {
            this.table = table;
        }

        GrantedTable table() {
            return table;
        }

        @Override
        public RelDataType getRowType(RelDataTypeFactory typeFactory) {
            RelDataTypeFactory.Builder builder = typeFactory.builder();
            for (GrantedColumn column : table.columns()) {
                RelDataType type = typeFactory.createTypeWithNullability(
                        typeFactory.createSqlType(sqlType(column.type())), true);
                builder.add(column.name(), type);
            }
            return builder.build();
        }
    }
}
