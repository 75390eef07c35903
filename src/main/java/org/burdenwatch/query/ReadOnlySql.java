package org.burdenwatch.query;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedFunction;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.catalog.HiveTableRelation;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.execution.command.DescribeQueryCommand;
import org.apache.spark.sql.execution.command.ExplainCommand;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;
import org.burdenwatch.output.PathsWithin;
import scala.jdk.javaapi.CollectionConverters;

/**
 * What {@code jobs/query.sh} runs: only queries (SELECT, WITH, VALUES, SHOW, DESCRIBE, EXPLAIN)
 * over the output's own tables, decided on Spark's plans, not on the text of the SQL.
 *
 * <ul>
 * <li>The parsed plan is a read-only statement (SHOW …, DESCRIBE …, EXPLAIN of a query), or a
 * query built only of query operators: projections, filters, joins, aggregates, set operations,
 * sorts, limits, common table expressions, inline tables and a few generating table functions.
 * Anything else (INSERT, INSERT OVERWRITE DIRECTORY, CREATE … AS SELECT, SET, CACHE, ADD JAR,
 * TRANSFORM … USING a script, EXECUTE IMMEDIATE, variables, scripts, procedures) is refused before
 * Spark sees it, so nothing eager runs.</li>
 * <li>Only built-in functions that compute from their arguments are called (an allow-list of
 * Spark's function groups): no reflection, no XML, Avro or Protobuf function (an XSD or a descriptor
 * is read from a path or a URL), no options map on a JSON or CSV function.</li>
 * <li>The analyzed plan reads only files under the output folder: no {@code format.`path`}
 * (also switched off with {@code spark.sql.runSQLOnFiles=false}), no other catalog table.</li>
 * </ul>
 */
final class ReadOnlySql {
    private ReadOnlySql() {
    }

    /** The SQL is not a read-only query over the output: one line for the user. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** Read-only statements, by the class of their parsed plan. */
    private static final Set<String> STATEMENTS = Set.of("ShowTables", "ShowTablesExtended", "ShowViews",
            "ShowColumns", "ShowFunctions", "ShowNamespacesCommand", "ShowTableProperties", "ShowPartitions",
            "ShowCreateTable", "ShowCatalogsCommand", "ShowCurrentNamespaceCommand", "DescribeRelation",
            "DescribeColumn", "DescribeFunction", "DescribeNamespace");

    /** The operators a query is built of, by the class of their parsed plan node. */
    private static final Set<String> QUERY_NODES = Set.of("Project", "Filter", "Aggregate", "Join", "LateralJoin",
            "AsOfJoin", "Union", "Intersect", "Except", "Distinct", "Deduplicate", "Sort", "GlobalLimit", "LocalLimit",
            "Offset", "Tail", "SubqueryAlias", "OneRowRelation", "LocalRelation", "EmptyRelation", "UnresolvedWith",
            "CTERelationDef", "CTERelationRef", "WithCTE", "UnionLoop", "UnionLoopRef", "Generate", "Pivot", "Unpivot",
            "Sample", "RepartitionByExpression", "Repartition", "RebalancePartitions", "UnresolvedHint",
            "WithWindowDefinition", "Window", "Expand", "Range", "Subquery", "UnresolvedRelation",
            "UnresolvedInlineTable", "UnresolvedTableValuedFunction", "UnresolvedHaving",
            "UnresolvedSubqueryColumnAliases", "UnresolvedTVFAliases", "UnresolvedQualify", "UnresolvedTranspose",
            "Transpose");

    /** Table functions that only generate rows from their arguments. */
    private static final Set<String> TABLE_FUNCTIONS = Set.of("range", "explode", "explode_outer", "inline",
            "inline_outer", "posexplode", "posexplode_outer", "stack", "json_tuple", "variant_explode",
            "variant_explode_outer");

    /** Spark's file sources, which {@code format.`path`} would read (off in any case: runSQLOnFiles). */
    private static final Set<String> FILE_FORMATS = Set.of("text", "json", "csv", "parquet", "orc", "avro",
            "binaryfile", "xml", "libsvm", "image");

    /** Functions that call Java methods by name. */
    private static final Set<String> REFLECTION = Set.of("reflect", "java_method", "try_reflect");

    /**
     * The groups of Spark's built-in functions a query may call: those that compute from their
     * arguments only. Not: XML (an XSD path option is fetched, a file or a URL), Avro and Protobuf
     * (descriptor files), and the miscellaneous group (reflection, input file names, errors raised
     * with a text of the user's, encryption), but for the few of it in {@link #ALLOWED_MISC}.
     */
    private static final Set<String> ALLOWED_GROUPS = Set.of("agg_funcs", "array_funcs", "bitwise_funcs",
            "collection_funcs", "conditional_funcs", "conversion_funcs", "datetime_funcs", "generator_funcs",
            "hash_funcs", "lambda_funcs", "map_funcs", "math_funcs", "predicate_funcs", "sketch_funcs", "string_funcs",
            "struct_funcs", "url_funcs", "variant_funcs", "vector_funcs", "window_funcs", "st_funcs", "json_funcs",
            "csv_funcs");
    private static final Set<String> ALLOWED_MISC = Set.of("typeof", "uuid", "monotonically_increasing_id",
            "spark_partition_id");

    /**
     * The most arguments a JSON or CSV function may be given: its options map is refused (an option
     * is a way to make a parser read or fetch something; a query over the output needs none).
     */
    private static final java.util.Map<String, Integer> WITHOUT_OPTIONS = java.util.Map.of("from_json", 2,
            "to_json", 1, "schema_of_json", 1, "from_csv", 2, "to_csv", 1, "schema_of_csv", 1);

    /** Refuses a call of a function that is not on the allow-list, or an options map where one is refused. */
    private static void checkFunction(UnresolvedFunction f) {
        List<String> parts = CollectionConverters.asJava(f.nameParts());
        String function = String.join(".", parts).toLowerCase(Locale.ROOT);
        if (REFLECTION.contains(function)) {
            throw new Refused(function + "() calls Java methods and is not allowed: " + ALLOWED);
        }
        String name = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
        String qualifier = String.join(".", parts.subList(0, parts.size() - 1)).toLowerCase(Locale.ROOT);
        scala.Option<org.apache.spark.sql.catalyst.expressions.ExpressionInfo> info =
                org.apache.spark.sql.catalyst.analysis.FunctionRegistry$.MODULE$.builtin()
                        .lookupFunction(org.apache.spark.sql.catalyst.FunctionIdentifier.apply(name));
        boolean builtin = qualifier.isEmpty() || qualifier.equals("builtin") || qualifier.equals("system.builtin");
        String group = info.isDefined() ? info.get().getGroup() : null;
        if (!builtin || group == null || !(ALLOWED_GROUPS.contains(group)
                || group.equals("misc_funcs") && ALLOWED_MISC.contains(name))) {
            throw new Refused("the function " + function + "() is not allowed: a query may call Spark's built-in "
                    + "functions that compute from their arguments only (not those that read files, fetch URLs "
                    + "or call Java); " + ALLOWED);
        }
        Integer most = WITHOUT_OPTIONS.get(name);
        if (most != null && f.arguments().size() > most) {
            throw new Refused(name + "() with an options map is not allowed (its options can make it read a file "
                    + "or fetch a URL): call it with " + most + (most == 1 ? " argument" : " arguments") + "; "
                    + ALLOWED);
        }
    }

    static final String ALLOWED = "only queries over the output's tables are allowed (SELECT, WITH, VALUES, SHOW, "
            + "DESCRIBE, EXPLAIN); --csv FILE and --parquet DIR write the result";

    /**
     * Parses the SQL and refuses it unless it is a read-only statement or query; returns which it
     * is and, for a query, the tables it names.
     */
    static Statement checkParsed(SparkSession spark, String sql) throws ParseException {
        LogicalPlan parsed = ((org.apache.spark.sql.classic.SparkSession) spark).sessionState().sqlParser()
                .parsePlan(sql);
        if (!checkStatement(parsed)) {
            return new Statement(false, Set.of());
        }
        Set<String> named = new HashSet<>();
        walk(parsed, node -> {
            if (node instanceof UnresolvedRelation r && r.multipartIdentifier().size() == 1) {
                named.add(r.multipartIdentifier().head().toLowerCase(Locale.ROOT));
            }
        }, expression -> {
        });
        return new Statement(true, named);
    }

    /**
     * A statement that passed {@link #checkParsed}: a query (its analyzed plan is then checked with
     * {@link #checkAnalyzed}) with the one-part table names it reads, or a statement that reads
     * only the catalog or explains a query without running it (which may concern any table).
     */
    record Statement(boolean query, Set<String> tablesNamed) {
        /** True for a table the statement may read. */
        boolean mayRead(String table) {
            return !query || tablesNamed.contains(table.toLowerCase(Locale.ROOT));
        }
    }

    private static boolean checkStatement(LogicalPlan parsed) {
        String kind = parsed.getClass().getSimpleName();
        if (STATEMENTS.contains(kind)) {
            return false;
        }
        if (parsed instanceof ExplainCommand explain) {
            checkStatement(explain.logicalPlan());
            return false;
        }
        if (parsed instanceof DescribeQueryCommand describe) {
            checkStatement(describe.plan());
            return false;
        }
        walk(parsed, node -> {
            String name = node.getClass().getSimpleName();
            if (!QUERY_NODES.contains(name)) {
                throw new Refused(describe(node) + " is not allowed: " + ALLOWED);
            }
            if (node instanceof UnresolvedRelation r && r.multipartIdentifier().size() == 2
                    && FILE_FORMATS.contains(r.multipartIdentifier().head().toLowerCase(Locale.ROOT))) {
                throw new Refused("reading files directly (" + r.multipartIdentifier().head() + ".`"
                        + r.multipartIdentifier().last() + "`) is not allowed: " + ALLOWED);
            }
            if (node instanceof UnresolvedTableValuedFunction f) {
                String function = String.join(".", CollectionConverters.asJava(f.name())).toLowerCase(Locale.ROOT);
                if (!TABLE_FUNCTIONS.contains(function)) {
                    throw new Refused("the table function " + function + " is not allowed: " + ALLOWED);
                }
            }
        }, expression -> {
            if (expression instanceof UnresolvedFunction f) {
                checkFunction(f);
            }
        });
        return true;
    }

    /**
     * Refuses an analyzed query that reads anything but files under the output folder, or calls a
     * Java method by reflection.
     */
    static void checkAnalyzed(LogicalPlan analyzed, Path outputRoot) {
        walk(analyzed, node -> {
            if (node instanceof LogicalRelation relation) {
                if (!(relation.relation() instanceof HadoopFsRelation files)) {
                    throw new Refused("the query reads " + relation.relation() + ", which is not a table of this output");
                }
                for (Path p : CollectionConverters.asJava(files.location().rootPaths())) {
                    if (!PathsWithin.isWithin(p, outputRoot)) {
                        throw new Refused("the query reads " + p + ", outside the output folder " + outputRoot
                                + ": " + ALLOWED);
                    }
                }
            } else if (node instanceof HiveTableRelation hive) {
                String location = hive.tableMeta().location().toString();
                if (!PathsWithin.isWithin(new Path(hive.tableMeta().location()), outputRoot)) {
                    throw new Refused("the query reads " + hive.tableMeta().identifier() + " at " + location
                            + ", outside the output folder " + outputRoot);
                }
            } else if (node.children().isEmpty() && !isGenerated(node)) {
                throw new Refused("the query reads " + describe(node) + ", which is not a table of this output");
            }
        }, expression -> {
            if (expression instanceof CallMethodViaReflection) {
                throw new Refused("reflect() calls Java methods and is not allowed: " + ALLOWED);
            }
        });
    }

    /** Leaves that produce rows without reading anything: literals, ranges, references to a CTE. */
    private static boolean isGenerated(LogicalPlan leaf) {
        return Set.of("LocalRelation", "OneRowRelation", "Range", "EmptyRelation", "CTERelationRef", "UnionLoopRef")
                .contains(leaf.getClass().getSimpleName());
    }

    private static String describe(LogicalPlan node) {
        String text = node.nodeName();
        return text.isEmpty() ? node.getClass().getSimpleName() : text;
    }

    /** Visits every plan node: children, inner plans (CTE definitions), and subqueries in expressions. */
    private static void walk(LogicalPlan plan, Consumer<LogicalPlan> visitNode, Consumer<Expression> visitExpression) {
        List<LogicalPlan> pending = new ArrayList<>(List.of(plan));
        while (!pending.isEmpty()) {
            LogicalPlan node = pending.remove(pending.size() - 1);
            visitNode.accept(node);
            pending.addAll(CollectionConverters.asJava(node.children()));
            for (Object inner : CollectionConverters.asJava(node.innerChildren())) {
                if (inner instanceof LogicalPlan p) {
                    pending.add(p);
                }
            }
            List<Expression> expressions = new ArrayList<>(CollectionConverters.asJava(node.expressions()));
            while (!expressions.isEmpty()) {
                Expression e = expressions.remove(expressions.size() - 1);
                visitExpression.accept(e);
                if (e instanceof SubqueryExpression subquery) {
                    pending.add(subquery.plan());
                }
                expressions.addAll(CollectionConverters.asJava(e.children()));
            }
        }
    }
}
