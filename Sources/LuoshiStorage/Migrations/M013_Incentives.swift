// 013: incentives and constraints: observation events and their raters' scores, assessment schemes
// (each change a new version), runs with one result row per unit (its breakdown kept as written),
// bonus points with evidence, and the consequences applied (rewards, yellow cards, dismissal and
// demotion recommendations, the four restrictions, commendations).
import FluentKit
import SQLKit

struct M013_Incentives: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("observation_events")
            .id()
            .field("year", .int, .required)
            .field("title", .string, .required)
            .field("day", .string, .required)
            .field("criteria", .string, .required)
            .field("unit_ids", .string, .required)
            .field("rater_ids", .string, .required)
            .field("drops_extremes", .bool, .required)
            .field("state", .string, .required)
            .create()
        try await database.schema("observation_scores")
            .field("event_id", .uuid, .required, .references("observation_events", "id"))
            .field("rater_id", .uuid, .required, .references("accounts", "id"))
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .field("criterion", .int, .required)
            .field("score", .double, .required)
            .unique(on: "event_id", "rater_id", "unit_id", "criterion")
            .create()
        try await database.schema("assessment_schemes")
            .id()
            .field("year", .int, .required)
            .field("group_key", .string, .required)
            .field("version", .int, .required)
            .field("title", .string, .required)
            .field("items", .string, .required)
            .field("grading", .string, .required)
            .field("created_on", .string, .required)
            .field("created_by", .string, .required)
            .unique(on: "year", "group_key", "version")
            .create()
        try await database.schema("assessment_runs")
            .id()
            .field("year", .int, .required)
            .field("group_key", .string, .required)
            .field("scheme_id", .uuid, .required, .references("assessment_schemes", "id"))
            .field("scheme_version", .int, .required)
            .field("state", .string, .required)
            .field("computed_on", .string, .required)
            .field("published_on", .string)
            .field("unit_count", .int, .required)
            .create()
        try await database.schema("assessment_results")
            .field("run_id", .uuid, .required, .references("assessment_runs", "id"))
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .field("rank", .int, .required)
            .field("score", .double, .required)
            .field("grade", .string, .required)
            .field("vetoes", .string, .required)
            .field("gap", .double)
            .field("earned", .string, .required)
            .field("result", .string, .required)
            .unique(on: "run_id", "unit_id")
            .create()
        try await database.schema("assessment_bonuses")
            .id()
            .field("year", .int, .required)
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .field("points", .double, .required)
            .field("reason", .string, .required)
            .field("evidence", .string, .required)
            .field("day", .string, .required)
            .field("recorded_by", .string, .required)
            .create()
        try await database.schema("consequences")
            .id()
            .field("kind", .string, .required)
            .field("year", .int, .required)
            .field("unit_id", .uuid, .required, .references("units", "id"))
            .field("person_id", .uuid, .references("people", "id"))
            .field("run_id", .uuid, .references("assessment_runs", "id"))
            .field("reason", .string, .required)
            .field("subject", .string, .required)
            .field("figure", .double)
            .field("note", .string, .required)
            .field("recorded_on", .string, .required)
            .field("in_force_until", .string)
            .field("decision_id", .uuid, .references("decisions", "id"))
            .create()
        for (name, table, columns) in [
            ("observation_events_year", "observation_events", ["year"]), ("observation_scores_event", "observation_scores", ["event_id"]),
            ("assessment_runs_year", "assessment_runs", ["year", "group_key"]), ("assessment_results_rank", "assessment_results", ["run_id", "rank"]),
            ("assessment_results_unit", "assessment_results", ["unit_id"]), ("assessment_bonuses_year", "assessment_bonuses", ["year", "unit_id"]),
            ("consequences_person", "consequences", ["person_id"]), ("consequences_unit", "consequences", ["unit_id", "year"]),
        ] {
            try await Indexes.create(name, on: table, columns: columns, in: database)
        }
    }

    func revert(on database: any Database) async throws {
        for table in ["consequences", "assessment_bonuses", "assessment_results", "assessment_runs", "assessment_schemes",
                      "observation_scores", "observation_events"] {
            try await database.schema(table).delete()
        }
    }
}
