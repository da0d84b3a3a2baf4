// Every test that touches a database runs in this suite, one at a time, so the same tests can run
// against one shared PostgreSQL database (scripts/test runs them on SQLite, then on PostgreSQL).
import Testing

@Suite(.serialized) struct DatabaseTests {}
