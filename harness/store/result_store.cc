#include "result_store.h"

#include <fmt/format.h>
#include <sqlite3.h>

#include <cstdint>
#include <stdexcept>

#include "sim_protocol.h"

namespace logsgd {

std::string request_hash(const SimRequest& request) {
  SimRequest keyed = request;
  keyed.job_id.clear();  // the hash says what is simulated, not what it is called
  std::uint64_t hash = 14695981039346656037ull;
  for (std::uint8_t byte : encode_request(keyed)) {
    hash ^= byte;
    hash *= 1099511628211ull;
  }
  return fmt::format("{:016x}", hash);
}

namespace {

struct Statement {
  Statement(sqlite3* db, const char* sql) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK)
      throw std::runtime_error(fmt::format("result store: {}", sqlite3_errmsg(db)));
  }
  ~Statement() { sqlite3_finalize(stmt); }
  sqlite3_stmt* stmt = nullptr;
};

}  // namespace

ResultStore::ResultStore(const std::filesystem::path& file) {
  std::filesystem::create_directories(file.parent_path());
  if (sqlite3_open(file.string().c_str(), &db_) != SQLITE_OK) {
    std::string message = sqlite3_errmsg(db_);
    sqlite3_close(db_);
    throw std::runtime_error(fmt::format("cannot open result store {}: {}", file.string(), message));
  }
  sqlite3_busy_timeout(db_, 5000);
  // WAL with synchronous=NORMAL: a kill -9 loses at most the job being written, never the file.
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=NORMAL");
  exec("CREATE TABLE IF NOT EXISTS jobs (job_id TEXT PRIMARY KEY, input_hash TEXT NOT NULL, result BLOB NOT NULL)");
}

ResultStore::~ResultStore() { sqlite3_close(db_); }

void ResultStore::exec(const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw std::runtime_error(fmt::format("result store: {}", message));
  }
}

std::optional<SimResult> ResultStore::find(const std::string& job_id, const std::string& hash) const {
  Statement s(db_, "SELECT result FROM jobs WHERE job_id = ?1 AND input_hash = ?2");
  sqlite3_bind_text(s.stmt, 1, job_id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s.stmt, 2, hash.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s.stmt) != SQLITE_ROW) return std::nullopt;
  auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(s.stmt, 0));
  std::vector<std::uint8_t> bytes(data, data + sqlite3_column_bytes(s.stmt, 0));
  return decode_result(bytes);
}

void ResultStore::save(const std::string& job_id, const std::string& hash, const SimResult& result) {
  Statement s(db_, "INSERT OR REPLACE INTO jobs (job_id, input_hash, result) VALUES (?1, ?2, ?3)");
  auto bytes = encode_result(result);
  sqlite3_bind_text(s.stmt, 1, job_id.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(s.stmt, 2, hash.c_str(), -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob(s.stmt, 3, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(s.stmt) != SQLITE_DONE) throw std::runtime_error(fmt::format("result store: {}", sqlite3_errmsg(db_)));
}

void ResultStore::clear() { exec("DELETE FROM jobs"); }

void ResultStore::remove(const std::string& job_id) {
  Statement s(db_, "DELETE FROM jobs WHERE job_id = ?1");
  sqlite3_bind_text(s.stmt, 1, job_id.c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(s.stmt) != SQLITE_DONE) throw std::runtime_error(fmt::format("result store: {}", sqlite3_errmsg(db_)));
}

int ResultStore::merge_from(const std::filesystem::path& other) {
  if (!std::filesystem::exists(other)) throw std::runtime_error(fmt::format("no result store at {}", other.string()));
  Statement attach(db_, "ATTACH DATABASE ?1 AS shard");
  sqlite3_bind_text(attach.stmt, 1, other.string().c_str(), -1, SQLITE_TRANSIENT);
  if (sqlite3_step(attach.stmt) != SQLITE_DONE) throw std::runtime_error(fmt::format("result store: {}", sqlite3_errmsg(db_)));
  exec("INSERT OR REPLACE INTO jobs SELECT job_id, input_hash, result FROM shard.jobs");
  int copied = sqlite3_changes(db_);
  exec("DETACH DATABASE shard");
  return copied;
}

}  // namespace logsgd
