package io.quanyun.sandbox.web;

import io.quanyun.sandbox.QueryAnswer;
import io.quanyun.sandbox.ResultColumn;
import io.quanyun.sandbox.SandboxManagement;
import io.quanyun.sandbox.WorkspaceView;
import io.quanyun.shared.Role;
import io.quanyun.shared.web.NavigationItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.json.JsonMapper;

/**
 * The workspace pages for operator engineers: the list of workspaces, and one workspace with the SQL
 * editor, the granted schema with disclosure roles, the query history, derived tables, and results as a
 * table and an ECharts chart (initialised by {@code /js/sandbox.js} from {@code data-*} attributes; no
 * inline script). Queries are posted with htmx; refusals come back as the problem fragment.
 */
@Controller
class WorkspacePages {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SandboxManagement sandbox;

    WorkspacePages(SandboxManagement sandbox) {
        this.sandbox = sandbox;
    }

    @GetMapping("/sandbox")
    String workspaces(Model model) {
        model.addAttribute("workspaces", sandbox.workspaces());
        return "sandbox/workspaces";
    }

    @GetMapping("/sandbox/workspaces/{id}")
    String workspace(@PathVariable UUID id, Model model) {
        WorkspaceView workspace = sandbox.workspace(id);
        model.addAttribute("workspace", workspace);
        model.addAttribute("history", sandbox.history(id));
        model.addAttribute("derivedTables", sandbox.derivedTables(id));
        return "sandbox/workspace";
    }

    @PostMapping("/sandbox/workspaces/{id}/queries")
    String query(@PathVariable UUID id, @RequestParam String sql, Model model) {
        QueryAnswer answer = sandbox.query(id, sql);
        model.addAttribute("workspace", sandbox.workspace(id));
        model.addAttribute("answer", answer);
        model.addAttribute("chart", chart(answer));
        model.addAttribute("history", sandbox.history(id));
        model.addAttribute("derivedTables", sandbox.derivedTables(id));
        return "sandbox/workspace :: result";
    }

    /** Chart data: the first column as categories, each numeric column as a bar series. */
    static Chart chart(QueryAnswer answer) {
        if (answer.columns().isEmpty() || answer.rows().isEmpty()) {
            return new Chart(false, "[]", "[]");
        }
        var labels = new ArrayList<String>();
        for (List<Object> row : answer.rows()) {
            labels.add(row.get(0) == null ? "—" : String.valueOf(row.get(0)));
        }
        var series = new ArrayList<Series>();
        for (int c = answer.columns().size() == 1 ? 0 : 1; c < answer.columns().size(); c++) {
            if (!numeric(answer.columns().get(c), answer.rows(), c)) {
                continue;
            }
            var values = new ArrayList<Object>();
            for (List<Object> row : answer.rows()) {
                values.add(row.get(c));
            }
            series.add(new Series(answer.columns().get(c).name(), values));
        }
        return new Chart(!series.isEmpty(), JSON.writeValueAsString(labels), JSON.writeValueAsString(series));
    }

    private static boolean numeric(ResultColumn column, List<List<Object>> rows, int index) {
        return rows.stream().map(r -> r.get(index)).allMatch(v -> v == null || v instanceof Number);
    }

    /** What the chart needs, as JSON for data attributes. */
    record Chart(boolean drawable, String labels, String series) {
    }

    record Series(String name, List<Object> data) {
    }

    @Configuration(proxyBeanMethods = false)
    static class SandboxNavigation {

        @Bean
        NavigationItem sandboxNavigation() {
            return new NavigationItem("nav.sandbox", "/sandbox", Set.of(Role.OPERATOR_ENGINEER, Role.OPERATOR_ADMIN),
                    500);
        }
    }
}
