#include "history.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <map>
#include <stdexcept>

namespace logsgd {

namespace {

class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::filesystem::path& file) : db_(db), file_(file) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail();
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind(int index, const std::string& text) { sqlite3_bind_text(stmt_, index, text.c_str(), -1, SQLITE_TRANSIENT); }
  void bind(int index, long long value) { sqlite3_bind_int64(stmt_, index, value); }
  void bind(int index, std::optional<double> value) {
    if (value) sqlite3_bind_double(stmt_, index, *value);
    else sqlite3_bind_null(stmt_, index);
  }
  bool step() {
    const int code = sqlite3_step(stmt_);
    if (code == SQLITE_ROW) return true;
    if (code != SQLITE_DONE) fail();
    return false;
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int column) const {
    const unsigned char* text = sqlite3_column_text(stmt_, column);
    return text ? reinterpret_cast<const char*>(text) : "";
  }
  long long integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::optional<double> real(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
    return sqlite3_column_double(stmt_, column);
  }

 private:
  [[noreturn]] void fail() const {
    throw std::runtime_error(fmt::format("history {}: {}", file_.string(), sqlite3_errmsg(db_)));
  }
  sqlite3* db_;
  std::filesystem::path file_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

std::filesystem::path default_history_path(const std::filesystem::path& project_root) {
  return project_root / "results" / "history.sqlite";
}

History::History(const std::filesystem::path& file) : file_(file) {
  std::error_code ignored;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ignored);
  if (sqlite3_open(file.string().c_str(), &db_) != SQLITE_OK) {
    std::string message = db_ ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    throw std::runtime_error(fmt::format("cannot open history {}: {}", file.string(), message));
  }
  // Nightly entries and a designer's runs may append at the same time: wait for the writer.
  sqlite3_busy_timeout(db_, 30000);
  exec("PRAGMA journal_mode=WAL");
  exec("CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started_utc TEXT NOT NULL, "
       "kit_version TEXT NOT NULL, testbench TEXT NOT NULL, corner_set TEXT NOT NULL, library TEXT NOT NULL, "
       "exit_code INTEGER NOT NULL, out_dir TEXT NOT NULL, command_line TEXT NOT NULL, host TEXT NOT NULL)");
  exec("CREATE TABLE IF NOT EXISTS results (run_id INTEGER NOT NULL REFERENCES runs(id), job TEXT NOT NULL, "
       "library TEXT NOT NULL, result TEXT NOT NULL, value REAL, unit TEXT NOT NULL, status TEXT NOT NULL)");
  exec("CREATE INDEX IF NOT EXISTS results_by_name ON results (result, job, run_id)");
}

History::~History() { sqlite3_close(db_); }

void History::exec(const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : sqlite3_errmsg(db_);
    sqlite3_free(error);
    throw std::runtime_error(fmt::format("history {}: {}", file_.string(), message));
  }
}

long long History::record(const RunResult& run, const std::string& out_dir) {
  exec("BEGIN IMMEDIATE");
  try {
    Statement insert_run(db_,
                         "INSERT INTO runs (started_utc, kit_version, testbench, corner_set, library, exit_code, "
                         "out_dir, command_line, host) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                         file_);
    const Provenance& p = run.provenance;
    insert_run.bind(1, p.started_utc);
    insert_run.bind(2, p.kit_version);
    insert_run.bind(3, run.testbench);
    insert_run.bind(4, run.corner_set);
    insert_run.bind(5, run.library);
    insert_run.bind(6, static_cast<long long>(run.exit_code()));
    insert_run.bind(7, out_dir);
    insert_run.bind(8, p.command_line);
    insert_run.bind(9, p.host);
    insert_run.step();
    const long long run_id = sqlite3_last_insert_rowid(db_);

    Statement insert(db_,
                     "INSERT INTO results (run_id, job, library, result, value, unit, status) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     file_);
    auto add = [&](const std::string& job, const std::string& library, const std::string& result,
                   std::optional<double> value, const std::string& unit, const std::string& status) {
      insert.reset();
      insert.bind(1, run_id);
      insert.bind(2, job);
      insert.bind(3, library);
      insert.bind(4, result);
      insert.bind(5, value);
      insert.bind(6, unit);
      insert.bind(7, status);
      insert.step();
    };
    // The spec's verdict and unit for each (job, result) it judged.
    std::map<std::pair<std::string, std::string>, const SpecCheck*> judged;
    for (const auto& check : run.checks) judged[{run.outcome_of(check).job.id, check.spec.result}] = &check;
    for (const auto& o : run.outcomes) {
      for (const auto& [name, value] : o.measured) {
        auto found = judged.find({o.job.id, name});
        const SpecCheck* check = found == judged.end() ? nullptr : found->second;
        add(o.job.id, o.library, name, value, check ? check->spec.unit : "",
            check ? to_string(check->verdict.status) : "");
      }
      // A judged result with no value (failed job or measurement) is a point of the trend too.
      for (const auto& [key, check] : judged)
        if (key.first == o.job.id && !o.measured.count(key.second))
          add(o.job.id, o.library, key.second, std::nullopt, check->spec.unit, to_string(check->verdict.status));
    }
    for (const auto& [condition, values] : run.aggregates) {
      const std::string job = fmt::format("{}/{}/aggregate", run.testbench, condition);
      for (const auto& [name, value] : values) {
        std::string unit, status;
        for (const auto& c : run.aggregate_checks)
          if (c.condition_id == condition && c.spec.result == name) {
            unit = c.spec.unit;
            status = to_string(c.verdict.status);
          }
        add(job, "", name, value, unit, status);
      }
    }
    exec("COMMIT");
    return run_id;
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::vector<HistoryRow> History::rows(const HistoryQuery& query) const {
  Statement select(db_,
                   "SELECT r.id, r.started_utc, r.kit_version, r.testbench, r.corner_set, x.job, x.library, x.result, "
                   "x.value, x.unit, x.status FROM results x JOIN runs r ON r.id = x.run_id "
                   "WHERE x.result = ?1 AND (?2 = '' OR r.testbench = ?2) AND (?3 = '' OR x.job = ?3) "
                   "ORDER BY r.testbench, x.job, r.id",
                   file_);
  select.bind(1, query.result);
  select.bind(2, query.testbench);
  select.bind(3, query.job);
  std::vector<HistoryRow> rows;
  while (select.step()) {
    HistoryRow row;
    row.run_id = select.integer(0);
    row.started_utc = select.text(1);
    row.kit_version = select.text(2);
    row.testbench = select.text(3);
    row.corner_set = select.text(4);
    row.job = select.text(5);
    row.library = select.text(6);
    row.result = select.text(7);
    row.value = select.real(8);
    row.unit = select.text(9);
    row.status = select.text(10);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace logsgd
