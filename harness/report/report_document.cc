#include "report_document.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>

#include "device_factors.h"
#include "report.h"

namespace logsgd {

namespace {

std::string limit_text(const Limit& limit, const std::string& unit) {
  if (!limit.value) return "";
  return format_value(*limit.value, unit) + (limit.fail ? "" : " (info)");
}

std::string status_text(const Verdict& verdict) {
  std::string text = verdict.status == Status::pass   ? "pass"
                     : verdict.status == Status::near ? "near"
                     : verdict.status == Status::fail ? "FAIL"
                     : verdict.status == Status::info ? "info"
                                                      : "ERROR";
  if (!verdict.reason.empty())
    text += verdict.status == Status::pass || verdict.status == Status::info ? " (" + verdict.reason + ")"
                                                                             : ": " + verdict.reason;
  return text;
}

std::string spec_name(const Spec& spec) {
  return spec.description.empty() ? "`" + spec.result + "`" : fmt::format("{} (`{}`)", spec.description, spec.result);
}

std::string rerun_command(const RunResult& run, const Job& job) {
  return fmt::format("`{} --only {}`", run.rerun_command, job.id);
}

ReportBlock table(std::vector<std::string> header) {
  ReportBlock block;
  block.kind = ReportBlock::Kind::table;
  block.header = std::move(header);
  return block;
}

ReportBlock paragraph(std::string text) {
  ReportBlock block;
  block.text = std::move(text);
  return block;
}

ReportBlock image(std::string caption, std::string path) {
  ReportBlock block;
  block.kind = ReportBlock::Kind::image;
  block.text = std::move(caption);
  block.image = std::move(path);
  return block;
}

// Near the top: what a reader needs to trust or reproduce the numbers below.
ReportSection provenance_section(const Provenance& p) {
  ReportSection section{"Provenance", {}};
  ReportBlock facts = table({"", ""});
  std::string libraries;
  for (const auto& [library, jobs] : p.libraries)
    libraries += fmt::format("{}{} ({} jobs)", libraries.empty() ? "" : ", ", library, jobs);
  facts.rows = {{"date (UTC)", p.started_utc},
                {"kit version", p.kit_version},
                {"ngspice", p.ngspice_version},
                {"PDK", p.pdk},
                {"model library per job", libraries.empty() ? "—" : libraries},
                {"host", p.host},
                {"workers", std::to_string(p.workers)},
                {"command", p.command_line.empty() ? "—" : "`" + p.command_line + "`"}};
  section.blocks.push_back(facts);
  if (!p.model_files.empty() || !p.decks.empty()) {
    ReportBlock files = table({"File", "SHA-256"});
    for (const auto& f : p.model_files) files.rows.push_back({f.path, "`" + f.sha256 + "`"});
    for (const auto& f : p.decks) files.rows.push_back({f.path + " (deck as simulated)", "`" + f.sha256 + "`"});
    section.blocks.push_back(files);
  }
  return section;
}

ReportBlock figures(std::vector<std::pair<std::string, std::string>> images) {
  ReportBlock block;
  block.kind = ReportBlock::Kind::figures;
  block.figures = std::move(images);
  return block;
}

}  // namespace

std::string heading_anchor(const std::string& heading) {
  std::string anchor;
  for (unsigned char c : heading) {
    if (c >= 0x80) anchor += static_cast<char>(c);  // UTF-8 letters (σ, µ) are kept, as GitHub does
    else if (std::isalnum(c) || c == '-' || c == '_') anchor += static_cast<char>(std::tolower(c));
    else if (c == ' ') anchor += '-';
  }
  return anchor;
}

std::string verdict_line(const ReportVerdict& v) {
  std::string line = fmt::format("{} — {} pass · {} near · {} fail · {} error · {} info", v.word, v.pass, v.near,
                                 v.fail, v.error, v.info);
  return v.detail.empty() ? line : line + "; " + v.detail;
}

ReportDocument build_report(const RunResult& run, const std::vector<SpecStatistics>& statistics) {
  ReportDocument doc;
  doc.title = fmt::format("{}: characterisation report", run.testbench);
  const int code = run.exit_code();
  const auto succeeded = std::count_if(run.outcomes.begin(), run.outcomes.end(), [](const auto& o) { return o.ok(); });

  ReportVerdict verdict;
  verdict.word = code == 0 ? "PASS" : code == 2 ? "FAIL" : "ERROR";
  verdict.pass = run.count(Status::pass);
  verdict.near = run.count(Status::near);
  verdict.fail = run.count(Status::fail);
  verdict.error = run.errors();
  verdict.info = run.count(Status::info);
  verdict.detail = fmt::format("{} of {} simulations succeeded", succeeded, run.outcomes.size());
  if (run.partial()) verdict.detail += fmt::format("; partial: shard {} of {}", run.shard_index + 1, run.shard_count);
  doc.verdict = verdict;

  ReportSection summary;
  if (run.partial()) summary.blocks.push_back(paragraph("**" + run.shard_note() + ".**"));
  if (!run.testbench_description.empty()) summary.blocks.push_back(paragraph(run.testbench_description));
  summary.blocks.push_back(paragraph(
      "Checks: **pass** within the limits, **near** within the near margin of a limit, **info** measured without a "
      "pass/fail limit (neither passed nor failed), **error** no value (a failed simulation or measurement)."));
  ReportBlock facts = table({"run", ""});
  facts.rows = {{"PDK", run.pdk},
                {"model library", run.library},
                {"corner set", run.corner_set},
                {"seed", std::to_string(run.seed)},
                {"workers", std::to_string(run.workers)},
                {"wall time", fmt::format("{:.2f} s", run.wall_s)},
                {"jobs taken from the result store (resumed)", std::to_string(run.resumed)},
                {"re-run", "`" + run.rerun_command + "`"}};
  if (const auto& dut = run.dut_inventory)
    facts.rows.insert(facts.rows.begin(),
                      {"device under test", fmt::format("{} ({}): {} PDK devices, {} ideal elements{}", dut->instance,
                                                        dut->subckt, dut->pdk_devices, dut->ideal.size(),
                                                        dut->ideal.empty() ? "" : " (listed below)")});
  else
    facts.rows.insert(facts.rows.begin(), {"device under test", "not named (testbench `dut:`): what is ideal is not listed"});
  if (!run.calibration.empty()) facts.rows.insert(facts.rows.begin() + 1, {"power-up calibration", run.calibration});
  for (const auto& stop : run.autostop)
    facts.rows.push_back({"auto-stop at " + stop.condition_id, stop.text()});
  if (run.not_run > 0)
    facts.rows.push_back({"jobs of the plan not in this report",
                          fmt::format("{} (not selected by --only and no result stored for them)", run.not_run)});
  summary.blocks.push_back(facts);
  doc.sections.push_back(summary);
  doc.sections.push_back(provenance_section(run.provenance));

  ReportSection specs{"Specs", {}};
  ReportBlock spec_table = table({"Measurement", "Condition", "Library", "Min", "Typ", "Max", "Value", "Status"});
  for (const auto& check : run.checks) {
    const JobOutcome& o = run.outcome_of(check);
    if (o.job.sample >= 0) continue;  // Monte Carlo samples are summarised below
    spec_table.rows.push_back({spec_name(check.spec), o.job.condition.id, o.library, limit_text(check.spec.min, check.spec.unit),
                               limit_text(check.spec.typ, check.spec.unit), limit_text(check.spec.max, check.spec.unit),
                               check.value ? format_value(*check.value, check.spec.unit) : "—", status_text(check.verdict)});
  }
  if (!spec_table.rows.empty()) {
    specs.blocks.push_back(spec_table);
    doc.sections.push_back(specs);
  }

  if (const auto& dut = run.dut_inventory; dut && dut->ideal.empty()) {
    doc.sections.push_back({fmt::format("Ideal elements inside the DUT ({})", dut->instance),
                            {paragraph(fmt::format("None: all {} elements inside `{}` ({}) are PDK devices.",
                                                   dut->pdk_devices, dut->instance, dut->subckt))}});
  } else if (dut) {
    ReportSection ideal{fmt::format("Ideal elements inside the DUT ({})", dut->instance), {}};
    ideal.blocks.push_back(paragraph(fmt::format(
        "{} elements inside `{}` ({}) are not PDK devices: each stands for an on-chip function that is not yet "
        "modelled at transistor level, and every figure of this report rests on it being ideal.",
        dut->ideal.size(), dut->instance, dut->subckt)));
    ReportBlock kinds = table({"Kind", "Count"});
    for (const auto& [kind, count] : dut->ideal_by_kind()) kinds.rows.push_back({kind, std::to_string(count)});
    ideal.blocks.push_back(kinds);
    ReportBlock list = table({"Instance", "Kind", "Written at", "Element"});
    for (const auto& e : dut->ideal) list.rows.push_back({e.path, e.kind, e.origin, "`" + e.line + "`"});
    ideal.blocks.push_back(list);
    doc.sections.push_back(ideal);
  }

  if (!statistics.empty() || !run.aggregates.empty() || !run.autostop.empty()) {
    ReportSection mc{"Monte Carlo", {}};
    for (const auto& stop : run.autostop)
      mc.blocks.push_back(paragraph(fmt::format(
          "**Auto-stop at {}: {}.** A sample passes when its simulation succeeded and every spec that judges "
          "samples passed; the run stops at the first n whose one-sided Clopper-Pearson bound at {:g} % confidence "
          "lies wholly above or below the {:g} % target, and this report covers samples 0 .. n-1{}.",
          stop.condition_id, stop.text(), 100 * stop.rule.confidence, 100 * stop.rule.yield,
          stop.beyond ? fmt::format("; {} later sample{} with a stored result (a parallel round's or an earlier "
                                    "run's) {} not in it",
                                    stop.beyond, stop.beyond == 1 ? "" : "s", stop.beyond == 1 ? "is" : "are")
                      : "")));
    ReportBlock stats = table({"Measurement", "Condition", "Samples", "Mean", "σ", "Min", "Max", "Limits",
                               "Yield [95 % CI]", "Cpk"});
    for (const auto& s : statistics) {
      const std::string& unit = s.spec.unit;
      std::string limits = fmt::format("{} … {}", s.spec.min.value ? format_value(*s.spec.min.value, unit) : "",
                                       s.spec.max.value ? format_value(*s.spec.max.value, unit) : "");
      stats.rows.push_back({spec_name(s.spec), s.condition_id, fmt::format("{} ({} measured)", s.samples, s.measured),
                            format_value(s.mean, unit), format_value(s.sigma, unit), format_value(s.min, unit),
                            format_value(s.max, unit), s.judged ? limits : "none (info)",
                            // Without a failing limit every sample "passes": a yield would be a false 100 %.
                            s.judged ? fmt::format("{:.1f} % [{:.1f}, {:.1f}]", 100 * s.yield,
                                                   100 * s.yield_interval.low, 100 * s.yield_interval.high)
                                     : "—",
                            s.cpk ? fmt::format("{:.2f}", *s.cpk) : "—"});
    }
    mc.blocks.push_back(stats);
    for (const auto& [title, path] : run.histograms) mc.blocks.push_back(image(title, path));
    ReportBlock failing = table({"Job", "Library", "Seed", "Measurement", "Value", "Status", "Re-run"});
    for (const auto& check : run.checks) {
      const JobOutcome& o = run.outcome_of(check);
      if (o.job.sample < 0 || (check.verdict.status != Status::fail && check.verdict.status != Status::error)) continue;
      failing.rows.push_back({"`" + o.job.id + "`", o.library, std::to_string(o.job.seed), check.spec.result,
                              check.value ? format_value(*check.value, check.spec.unit) : "—", status_text(check.verdict),
                              rerun_command(run, o.job)});
    }
    if (!run.aggregate_checks.empty()) {
      ReportBlock across = table({"Across samples", "Condition", "Min", "Max", "Value", "Status"});
      for (const auto& c : run.aggregate_checks)
        across.rows.push_back({spec_name(c.spec), c.condition_id, limit_text(c.spec.min, c.spec.unit),
                               limit_text(c.spec.max, c.spec.unit), c.value ? format_value(*c.value, c.spec.unit) : "—",
                               status_text(c.verdict)});
      mc.blocks.push_back(across);
    }
    for (const auto& [condition, values] : run.aggregates) {
      ReportBlock all = table({"Aggregate at " + condition, "Value"});
      for (const auto& [name, value] : values) all.rows.push_back({"`" + name + "`", fmt::format("{:.4g}", value)});
      mc.blocks.push_back(all);
    }
    if (!failing.rows.empty()) {
      mc.blocks.push_back(paragraph("Failing samples (each re-runs alone with its seed):"));
      mc.blocks.push_back(failing);
    }
    // Every sample's judged values (and a trainer's final error per weight): which die fails how.
    // The DUT's element counts are structure, the same on every die.
    std::vector<std::string> columns;
    auto add_column = [&](const std::string& name) {
      if (std::find(columns.begin(), columns.end(), name) == columns.end()) columns.push_back(name);
    };
    for (const auto& check : run.checks)
      if (run.outcome_of(check).job.sample >= 0 && !check.job_failure && check.spec.result.rfind("dut.", 0) != 0)
        add_column(check.spec.result);
    for (const auto& o : run.outcomes)
      if (o.job.sample >= 0)
        for (const auto& [name, value] : o.measured)
          if (name.rfind("trainer.final_error_", 0) == 0) add_column(name);
    if (!columns.empty()) {
      std::vector<std::string> header{"Sample", "Library", "Seed"};
      for (const auto& c : columns) header.push_back("`" + c + "`");
      ReportBlock samples = table(header);
      for (const auto& o : run.outcomes) {
        if (o.job.sample < 0) continue;
        std::vector<std::string> row{"`" + o.job.id + "`", o.library, std::to_string(o.job.seed)};
        for (const auto& c : columns) {
          auto found = o.measured.find(c);
          row.push_back(found == o.measured.end() ? "—" : fmt::format("{:.4g}", found->second));
        }
        samples.rows.push_back(row);
      }
      mc.blocks.push_back(paragraph("Every sample:"));
      mc.blocks.push_back(samples);
    }
    doc.sections.push_back(mc);
  }

  if (!run.plots.empty()) {
    ReportSection plots{"Plots", {}};
    for (const auto& plot : run.plots) {
      if (plot.beside_previous && !plots.blocks.empty()) {
        ReportBlock& previous = plots.blocks.back();
        if (previous.kind == ReportBlock::Kind::image) previous = figures({{previous.text, previous.image}});
        previous.figures.emplace_back(plot.title, plot.path);
      } else {
        plots.blocks.push_back(image(plot.title, plot.path));
      }
    }
    doc.sections.push_back(plots);
  }

  // Operating point of every transistor at the first corner (at each value of a design sweep).
  for (const auto& o : run.outcomes) {
    if (o.job.sample >= 0 || o.sim.devices.empty() || o.job.base_condition != run.outcomes.front().job.base_condition) continue;
    ReportSection section{"Operating point at " + o.job.condition.id, {}};
    const double ut = 1.380649e-23 * (o.job.condition.temperature_c + 273.15) / 1.602176634e-19;
    ReportBlock devices = table({"Device", "W/L (µm)", "I_D", "IC", "gm·n·U_T/I_D", "V_GS − V_T", "V_DS", "V_DSsat", "region"});
    for (const auto& d : o.sim.devices) {
      auto factors = run.device_factors.find(device_type(d.name));
      double id = std::fabs(d.id);
      std::string ic = "—", gm_ratio = "—", region = "—";
      if (factors != run.device_factors.end() && factors->second.i_spec_square > 0 && d.l > 0) {
        // ngspice's id is the whole array's current, so the density is over all m units.
        double inversion = id / (factors->second.i_spec_square * d.m * d.w / d.l);
        ic = fmt::format("{:.3g}", inversion);
        gm_ratio = fmt::format("{:.3f}", d.gm * factors->second.n * ut / id);
        // Saturated when V_DS exceeds 4 U_T in weak inversion, V_DSsat above it.
        bool saturated = std::fabs(d.vds) >= (inversion < 0.1 ? 4 * ut : std::fabs(d.vdsat));
        region = std::string(inversion < 0.1 ? "weak" : inversion < 10 ? "moderate" : "strong") +
                 (saturated ? ", saturated" : ", TRIODE");
      }
      std::string name = d.name.substr(2, d.name.rfind('.') - 2);  // m.xt.x1.msky130... -> xt.x1
      std::string size = d.m > 1 ? fmt::format("{:g} × {:g}/{:g}", d.m, d.w, d.l) : fmt::format("{:g}/{:g}", d.w, d.l);
      devices.rows.push_back({"`" + name + "` " + device_type(d.name), size,
                              format_value(id, "A"), ic, gm_ratio, fmt::format("{:.0f} mV", 1e3 * (std::fabs(d.vgs) - std::fabs(d.vth))),
                              fmt::format("{:.0f} mV", 1e3 * d.vds), fmt::format("{:.0f} mV", 1e3 * d.vdsat), region});
    }
    section.blocks.push_back(paragraph(fmt::format(
        "IC = I_D / (I_spec□ · W/L) with the fixed device factors of cells/device_factors.yaml (an array of m units: "
        "its whole current over its whole width); weak inversion is IC < 0.1 (gm·n·U_T/I_D near 1); {} transistors.", o.sim.devices.size())));
    section.blocks.push_back(devices);
    doc.sections.push_back(section);
  }

  // Linearised mismatch: the devices whose threshold mismatch moves the outputs most.
  if (run.mismatch_sensitivity)
    for (const auto& o : run.outcomes) {
      if (o.job.sample >= 0 || o.sim.mismatch_contributions.empty()) continue;
      const auto& def = *run.mismatch_sensitivity;
      ReportSection section{"Mismatch sensitivity at " + o.job.condition.id, {}};
      auto sigma = linearised_sigma(o.sim.mismatch_contributions, def.outputs.size());
      double variance = 0;
      for (double s : sigma) variance += (s / def.scale) * (s / def.scale);
      std::string totals;
      for (std::size_t k = 0; k < def.outputs.size(); ++k)
        totals += fmt::format("{}{} {:.4g}", k ? ", " : "", def.outputs[k], sigma[k] / def.scale);
      auto ranked = rank_contributions(o.sim.mismatch_contributions, def.scale);
      const auto unsolved = std::count_if(ranked.begin(), ranked.end(), [](const auto& r) { return std::isinf(r.magnitude); });
      if (def.learning) {
        double mean_square = 0;
        for (double s : sigma) mean_square += s * s / static_cast<double>(sigma.size());
        section.blocks.push_back(paragraph(fmt::format(
            "The learned weights' error budget: servos hold the weights at the trainer's learning equilibrium "
            "(its update averaged over the data set and the learn duty {:g} vanishes there), every MOSFET's "
            "threshold is moved by its own σ_VT = A_VT/√(W·L·m) (the combined library's Vth mismatch), one device "
            "at a time, the die is re-calibrated (trims re-solved, unquantised) and the equilibrium solved again; "
            "changes of the weights {}, normalised. Linearised σ per weight (root sum of squares "
            "over {} devices): {}; an rms error of {:.3g} is about **{:.1f} effective bits** (W_FS = {:g}). The "
            "static part of a die's error only; where a change is not small the response is not linear and this "
            "is a ranking. {} device(s) left no DC solution when shifted (listed first).",
            def.learning->learn_duty,
            def.forward_readout ? "as the forward read-out reads them (the trainer's probes as DC states, learning "
                                  "stopped, the weights held; column names: the storage read-out's vectors)"
                                : "as read at rest",
            o.sim.mismatch_contributions.size(), totals, std::sqrt(mean_square),
            std::log2(def.weight_full_scale / (std::sqrt(12.0) * std::max(std::sqrt(mean_square), 1e-300))),
            def.weight_full_scale, unsolved)));
      } else {
        section.blocks.push_back(paragraph(fmt::format(
            "Each MOSFET's threshold moved by its own σ_VT = A_VT/√(W·L) (A_VT: the PDK's sw_mm_vth0, as its Monte "
            "Carlo draws it), one device at a time, at the DC operating point; changes in units of {:g}. Linearised "
            "σ (root sum of squares over {} devices): {}. Where a change is comparable to the output's range the "
            "response is not linear and this is a ranking, not a σ. {} device(s) left no DC solution when shifted "
            "(listed first, changes NaN).",
            def.scale, o.sim.mismatch_contributions.size(), totals, unsolved)));
      }
      // By block: the devices of each subcircuit instance together (root sum of squares).
      std::map<std::string, std::vector<double>> blocks;
      for (const auto& c : o.sim.mismatch_contributions) {
        std::string path = c.device.substr(2, c.device.rfind('.') - 2);  // m.<path>.msky130_fd_pr__...
        std::string block = path.rfind('.') == std::string::npos ? std::string("(top)") : path.substr(0, path.rfind('.'));
        auto& sums = blocks[block];
        sums.resize(def.outputs.size(), 0.0);
        for (std::size_t k = 0; k < def.outputs.size() && k < c.deltas.size(); ++k)
          if (std::isfinite(c.deltas[k])) sums[k] += (c.deltas[k] / def.scale) * (c.deltas[k] / def.scale);
      }
      std::vector<std::pair<double, std::string>> order;
      for (const auto& [block, sums] : blocks) {
        double total = 0;
        for (double s : sums) total += s;
        order.emplace_back(total, block);
      }
      std::sort(order.rbegin(), order.rend());
      std::vector<std::string> block_header{"Block (instance)", "share of variance"};
      for (const auto& output : def.outputs) block_header.push_back("σ " + output);
      ReportBlock by_block = table(block_header);
      for (std::size_t i = 0; i < order.size() && static_cast<int>(i) < def.top; ++i) {
        std::vector<std::string> row{"`" + order[i].second + "`",
                                     fmt::format("{:.1f} %", variance > 0 ? 100 * order[i].first / variance : 0)};
        for (double s : blocks[order[i].second]) row.push_back(fmt::format("{:.4g}", std::sqrt(s)));
        by_block.rows.push_back(row);
      }
      section.blocks.push_back(by_block);
      std::vector<std::string> header{"Device", "W/L (µm)", "σ_VT", "share of variance"};
      for (const auto& output : def.outputs) header.push_back("Δ" + output);
      ReportBlock rows = table(header);
      for (std::size_t i = 0; i < ranked.size() && static_cast<int>(i) < def.top; ++i) {
        const auto& c = *ranked[i].contribution;
        std::string name = c.device.substr(2, c.device.rfind('.') - 2);
        std::vector<std::string> row{"`" + name + "` " + device_type(c.device), fmt::format("{:g}/{:g}", c.w, c.l),
                                     fmt::format("{:.2f} mV", 1e3 * c.sigma_vth),
                                     std::isinf(ranked[i].magnitude) ? std::string("no DC solution")
                                     : fmt::format("{:.1f} %", variance > 0 ? 100 * ranked[i].magnitude * ranked[i].magnitude / variance : 0)};
        for (double d : c.deltas) row.push_back(fmt::format("{:+.4g}", d / def.scale));
        rows.rows.push_back(row);
      }
      section.blocks.push_back(rows);
      doc.sections.push_back(section);
    }

  std::vector<const JobOutcome*> nominal;
  for (const auto& o : run.outcomes)
    if (o.job.sample < 0) nominal.push_back(&o);
  std::set<std::string> names;
  for (const auto* o : nominal)
    for (const auto& [name, value] : o->measured) names.insert(name);
  if (!names.empty()) {
    ReportSection values{"All measured values", {}};
    std::vector<std::string> header{"Result"};
    for (const auto* o : nominal) header.push_back(o->job.condition.id);
    ReportBlock all = table(header);
    for (const auto& name : names) {
      std::vector<std::string> row{"`" + name + "`"};
      for (const auto* o : nominal) {
        auto found = o->measured.find(name);
        row.push_back(found == o->measured.end() ? "—" : fmt::format("{:.4g}", found->second));
      }
      all.rows.push_back(row);
    }
    values.blocks.push_back(all);
    doc.sections.push_back(values);
  }

  ReportBlock failed = table({"Job", "Library", "Seed", "Reason", "Re-run"});
  for (const auto& o : run.outcomes)
    if (!o.ok())
      failed.rows.push_back({"`" + o.job.id + "`", o.library, std::to_string(o.job.seed), o.failure(), rerun_command(run, o.job)});
  if (!failed.rows.empty()) doc.sections.push_back({"Failed simulations", {failed}});

  double load = 0, setup = 0, analyses = 0, calibration = 0, first_pass = 0, clocked = 0;
  int loads = 0, reuses = 0, simulated = 0, dc_solves = 0, dc_rebuilds = 0;
  for (const auto& o : run.outcomes) {
    if (!o.sim.ok) continue;
    ++simulated;
    analyses += o.sim.timing.run_s;
    calibration += o.sim.timing.calibration_s;
    first_pass += o.sim.timing.first_pass_s;
    clocked += o.sim.timing.clocked_s;
    dc_solves += o.sim.timing.dc_solves;
    dc_rebuilds += o.sim.timing.dc_rebuilds;
    if (o.sim.reused_deck) {
      setup += o.sim.timing.setup_s;
      ++reuses;
    } else {
      load += o.sim.timing.load_s;
      ++loads;
    }
  }
  ReportBlock cost = table({"what", "value"});
  if (loads) cost.rows.push_back({"deck load (models + circuit), per load", fmt::format("{:.1f} ms ({} loads)", 1e3 * load / loads, loads)});
  if (reuses)
    cost.rows.push_back({"re-run of a loaded deck (alterparam + reset), per job", fmt::format("{:.2f} ms ({} jobs)", 1e3 * setup / reuses, reuses)});
  if (simulated && calibration > 0)
    cost.rows.push_back({"power-up calibration, mean per job", fmt::format("{:.1f} s", calibration / simulated)});
  if (simulated && dc_solves > 0)
    cost.rows.push_back({"DC solves of the calibration and sensitivities, mean per job (rebuilt from scratch after a diverged warm solve)",
                         fmt::format("{:.0f} ({:.1f})", static_cast<double>(dc_solves) / simulated,
                                     static_cast<double>(dc_rebuilds) / simulated)});
  if (simulated && first_pass > 0) {
    cost.rows.push_back({"calibration at the learned weights: first training pass, mean per job",
                         fmt::format("{:.1f} s", first_pass / simulated)});
    cost.rows.push_back({"calibration at the learned weights: clocked transient, mean per job",
                         fmt::format("{:.1f} s", clocked / simulated)});
  }
  if (simulated) cost.rows.push_back({"analyses, mean per job", fmt::format("{:.1f} ms", 1e3 * analyses / simulated)});
  if (!cost.rows.empty()) doc.sections.push_back({"Simulation cost", {cost}});
  return doc;
}

}  // namespace logsgd
