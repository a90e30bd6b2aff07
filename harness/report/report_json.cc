#include <nlohmann/json.hpp>

#include "autostop.h"
#include "report.h"
#include "statistics.h"
#include "text_file.h"

namespace logsgd {

namespace {

using nlohmann::json;

json limit_json(const Limit& l) { return l.value ? json{{"value", *l.value}, {"fail", l.fail}} : json(nullptr); }

json optional_json(const std::optional<double>& v) { return v ? json(*v) : json(nullptr); }

// Where a job's time went; the calibrations' parts (within setup) only where they ran.
json timing_json(const SimTiming& t) {
  json j{{"load", t.load_s}, {"setup", t.setup_s}, {"run", t.run_s}};
  if (t.calibration_s > 0) j["calibration"] = t.calibration_s;
  if (t.first_pass_s > 0) j["first_pass"] = t.first_pass_s;
  if (t.clocked_s > 0) j["clocked"] = t.clocked_s;
  if (t.dc_solves > 0) j["dc_solves"] = {{"solves", t.dc_solves}, {"rebuilt", t.dc_rebuilds}};
  return j;
}

// Per (spec, Monte Carlo condition): what the report's Monte Carlo table shows, as numbers. A
// spec without a failing limit has no yield or Cpk (null): every sample would "pass" it.
json monte_carlo_json(const std::vector<SpecStatistics>& statistics) {
  json list = json::array();
  for (const auto& s : statistics) {
    const bool any = s.measured > 0;
    json entry{{"result", s.spec.result},
               {"condition", s.condition_id},
               {"unit", s.spec.unit},
               {"min_limit", limit_json(s.spec.min)},
               {"max_limit", limit_json(s.spec.max)},
               {"samples", s.samples},
               {"n", s.measured},
               {"mean", any ? json(s.mean) : json(nullptr)},
               {"sigma", any ? json(s.sigma) : json(nullptr)},
               {"min", any ? json(s.min) : json(nullptr)},
               {"max", any ? json(s.max) : json(nullptr)},
               {"judged", s.judged},
               {"passed", s.passed}};
    if (s.judged) {
      entry["yield"] = s.yield;
      entry["yield_ci95"] = {{"low", s.yield_interval.low}, {"high", s.yield_interval.high}, {"method", "clopper-pearson"}};
    } else {
      entry["yield"] = nullptr;
      entry["yield_ci95"] = nullptr;
    }
    entry["cpk"] = s.judged ? optional_json(s.cpk) : json(nullptr);
    list.push_back(entry);
  }
  return list;
}

}  // namespace

void write_json_results(const RunResult& run, const std::filesystem::path& file) {
  json jobs = json::array();
  for (const auto& o : run.outcomes) {
    jobs.push_back({{"id", o.job.id},
                    {"condition", {{"id", o.job.condition.id}, {"process", o.job.condition.process},
                                   {"temperature_c", o.job.condition.temperature_c}, {"vdd", o.job.condition.vdd}}},
                    {"sample", o.job.sample},
                    {"library", o.library},
                    {"seed", o.job.seed},
                    {"parameters", o.job.parameters},
                    {"ok", o.ok()},
                    {"error", o.failure()},
                    {"measured", o.measured},
                    {"timing_s", timing_json(o.sim.timing)},
                    {"reused_deck", o.sim.reused_deck}});
    if (!o.sim.mismatch_contributions.empty()) {
      json contributions = json::array();
      for (const auto& c : o.sim.mismatch_contributions)
        contributions.push_back({{"device", c.device}, {"w", c.w}, {"l", c.l}, {"sigma_vth", c.sigma_vth}, {"deltas", c.deltas}});
      jobs.back()["mismatch_sensitivity"] = {{"outputs", run.mismatch_sensitivity ? run.mismatch_sensitivity->outputs
                                                                                  : std::vector<std::string>{}},
                                             {"base", o.sim.sensitivity_base},
                                             {"contributions", contributions}};
    }
  }
  // The same checks, in the same order, as junit.xml's testcases: per job (kind "job", or
  // "simulation" for a failed job no spec judges), then across samples (kind "aggregate", job null).
  json checks = json::array();
  for (const auto& c : run.checks)
    checks.push_back({{"kind", c.job_failure ? "simulation" : "job"}, {"result", c.spec.result},
                      {"job", run.outcome_of(c).job.id}, {"condition", run.outcome_of(c).job.condition.id},
                      {"value", optional_json(c.value)}, {"unit", c.spec.unit},
                      {"min", limit_json(c.spec.min)}, {"typ", limit_json(c.spec.typ)}, {"max", limit_json(c.spec.max)},
                      {"status", to_string(c.verdict.status)}, {"reason", c.verdict.reason}});
  for (const auto& c : run.aggregate_checks)
    checks.push_back({{"kind", "aggregate"}, {"result", c.spec.result}, {"job", nullptr}, {"condition", c.condition_id},
                      {"value", optional_json(c.value)}, {"unit", c.spec.unit},
                      {"min", limit_json(c.spec.min)}, {"typ", limit_json(c.spec.typ)}, {"max", limit_json(c.spec.max)},
                      {"status", to_string(c.verdict.status)}, {"reason", c.verdict.reason}});
  json document{{"testbench", run.testbench}, {"corner_set", run.corner_set}, {"library", run.library},
                {"pdk", run.pdk}, {"seed", run.seed}, {"workers", run.workers}, {"wall_s", run.wall_s},
                {"exit_code", run.exit_code()}, {"not_run", run.not_run}, {"jobs", jobs}, {"checks", checks}};
  // Auto-stop per Monte Carlo condition: the decision, after how many samples, and the bounds.
  json autostop = json::array();
  for (const auto& stop : run.autostop)
    autostop.push_back({{"condition", stop.condition_id}, {"yield_target", stop.rule.yield},
                        {"confidence", stop.rule.confidence}, {"decision", to_string(stop.decision.verdict)},
                        {"samples", stop.decision.samples}, {"passed", stop.decision.passed},
                        {"max_samples", stop.max_samples}, {"saved", stop.saved()},
                        {"yield_bounds", {{"low", stop.decision.low}, {"high", stop.decision.high},
                                          {"method", "clopper-pearson, one-sided"}}},
                        {"text", stop.text()}});
  document["autostop"] = autostop;
  // A shard's results are part of a run: null for a whole run.
  document["shard"] = run.partial() ? json{{"index", run.shard_index + 1}, {"count", run.shard_count},
                                           {"plan_jobs", run.plan_jobs}, {"partial", true}, {"note", run.shard_note()}}
                                    : json(nullptr);
  // Monte Carlo aggregates per condition (a Pelgrom fit's A, a correlation's rho, ...).
  document["aggregates"] = run.aggregates;
  document["monte_carlo"] = monte_carlo_json(monte_carlo_statistics(run));
  // Check counts by status (they add up to checks.size(), as junit.xml's); info (no pass/fail
  // limit) is counted apart and never as a pass.
  json counts = json::object();
  for (Status status : {Status::pass, Status::near, Status::fail, Status::error, Status::info})
    counts[to_string(status)] = run.count(status);
  counts["failed_jobs"] = run.failed_jobs();
  document["counts"] = counts;
  const Provenance& p = run.provenance;
  auto hashed = [](const std::vector<HashedFile>& files) {
    json list = json::array();
    for (const auto& f : files) list.push_back({{"path", f.path}, {"sha256", f.sha256}});
    return list;
  };
  document["provenance"] = {{"date_utc", p.started_utc},      {"kit_version", p.kit_version},
                            {"ngspice_version", p.ngspice_version}, {"pdk", p.pdk},
                            {"model_files", hashed(p.model_files)}, {"decks", hashed(p.decks)},
                            {"libraries", p.libraries},       {"host", p.host},
                            {"workers", p.workers},           {"command_line", p.command_line}};
  if (const auto& dut = run.dut_inventory) {
    json ideal = json::array();
    for (const auto& e : dut->ideal)
      ideal.push_back({{"instance", e.path}, {"kind", e.kind}, {"origin", e.origin}, {"element", e.line}});
    document["dut"] = {{"instance", dut->instance}, {"subckt", dut->subckt}, {"pdk_devices", dut->pdk_devices},
                       {"ideal_elements", dut->ideal.size()}, {"ideal_by_kind", dut->ideal_by_kind()},
                       {"ideal", ideal}};
  }
  if (!run.calibration.empty()) document["calibration"] = run.calibration;
  write_text_file(file, document.dump(2) + "\n");
}

}  // namespace logsgd
