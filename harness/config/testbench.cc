#include "testbench.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <sstream>

#include "config_error.h"
#include "spice_value.h"
#include "text_file.h"
#include "yaml_node.h"

namespace logsgd {

namespace {


// A number, or a testbench parameter written as {name} so ngspice evaluates it.
std::string analysis_value(const YamlNode& node, const std::map<std::string, double>& parameters) {
  std::string text = node.as_string();
  if (auto value = parse_spice_number(text)) return format_spice_number(*value);
  if (parameters.count(text)) return "{" + text + "}";
  node.fail(fmt::format("'{}' is neither a number nor a parameter of this testbench", text));
}

std::string parse_analysis(const YamlNode& node, const std::map<std::string, double>& parameters) {
  auto entries = node.entries();
  if (entries.size() != 1) node.fail("an analysis is one of dc, tran, ac, op with its settings");
  const auto& [kind, settings] = entries.front();
  auto value = [&](const std::string& key) { return analysis_value(settings.at(key), parameters); };
  if (kind == "op") return ".op";
  if (kind == "dc") {
    // An optional second source makes a nested sweep (the first one varies fastest).
    settings.expect_keys({"source", "start", "stop", "step", "source2", "start2", "stop2", "step2"});
    auto sweep = [&](const std::string& suffix) {
      std::string source = settings.at("source" + suffix).as_string();
      if (!is_safe_identifier(source)) settings.at("source" + suffix).fail("a source name is letters, digits and _");
      return fmt::format(" {} {} {} {}", source, value("start" + suffix), value("stop" + suffix), value("step" + suffix));
    };
    return ".dc" + sweep("") + (settings.has("source2") ? sweep("2") : "");
  }
  if (kind == "tran") {
    settings.expect_keys({"step", "stop", "start", "max_step"});
    std::string line = fmt::format(".tran {} {}", value("step"), value("stop"));
    if (settings.has("start") || settings.has("max_step"))
      line += " " + (settings.has("start") ? value("start") : std::string("0"));
    if (settings.has("max_step")) line += " " + value("max_step");
    return line;
  }
  if (kind == "ac") {
    settings.expect_keys({"variation", "points", "start", "stop"});
    std::string variation = settings.at("variation").as_string();
    if (variation != "dec" && variation != "oct" && variation != "lin")
      settings.at("variation").fail("variation is dec, oct or lin");
    return fmt::format(".ac {} {} {} {}", variation, settings.at("points").as_integer(), value("start"), value("stop"));
  }
  node.fail(fmt::format("unknown analysis '{}' (expected dc, tran, ac or op)", kind));
}

fs::path resolve_yaml(const fs::path& location, const fs::path& project_root) {
  if (fs::is_regular_file(location)) return location;
  if (fs::is_directory(location)) return location / "testbench.yaml";
  fs::path by_name = project_root / "testbenches" / location / "testbench.yaml";
  if (fs::exists(by_name)) return by_name;
  throw ConfigError(fmt::format("no testbench at '{}' (looked for {} and {})", location.string(),
                                (location / "testbench.yaml").string(), by_name.string()));
}

}  // namespace

void validate_template(const std::string& text, const std::string& origin) {
  // An allow-list, not a deny-list: ngspice recognises many dot commands by prefix (".inc" is an
  // include, ".controls" opens a control block), so any dot command not named here is refused.
  // Analyses, options, temperature, saves, measurements, includes, libraries and control blocks
  // belong to the harness, which writes them from validated YAML.
  static const std::set<std::string> allowed{".subckt", ".ends",  ".param", ".model", ".func", ".global",
                                             ".ic",     ".nodeset", ".if",  ".elseif", ".else", ".endif"};
  std::istringstream in(text);
  int line_number = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    const std::size_t start = line.find_first_not_of(" \t\r");
    if (start == std::string::npos) continue;
    // ngspice runs a comment line starting `*#` as a control command (`*# shell ...`).
    if (line.compare(start, 2, "*#") == 0)
      throw ConfigError(fmt::format("{}:{}: a '*#' line is a control command to ngspice and is not allowed in a "
                                    "template or cell",
                                    origin, line_number));
    if (line[start] != '.') continue;
    // The command word: the dot and the letters after it (`.include"x"` is `.include`).
    std::size_t end = start + 1;
    while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) || line[end] == '_')) ++end;
    std::string word = line.substr(start, end - start);
    std::transform(word.begin(), word.end(), word.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!allowed.count(word))
      throw ConfigError(fmt::format("{}:{}: '{}' is not allowed in a template or cell (allowed dot commands: .subckt "
                                    ".ends .param .model .func .global .ic .nodeset .if .elseif .else .endif): the "
                                    "harness adds models, options, temperature, analyses, saves and control itself",
                                    origin, line_number, line.substr(start, std::max<std::size_t>(end - start, 1))));
  }
}

// Throws at `node` unless `file` lies under one of `roots`.
static void require_inside(const fs::path& file, const std::vector<fs::path>& roots, const YamlNode& node) {
  // Symlinks resolved on both sides, so a link inside the project cannot point out of it.
  std::error_code error;
  const fs::path real = fs::weakly_canonical(file, error);
  if (!error)
    for (const auto& root : roots) {
      const fs::path real_root = fs::weakly_canonical(root, error);
      if (error) continue;
      auto [root_end, file_it] = std::mismatch(real_root.begin(), real_root.end(), real.begin(), real.end());
      if (root_end == real_root.end() && file_it != real.end()) return;
    }
  std::string list;
  for (const auto& root : roots) list += (list.empty() ? "" : " or ") + root.string();
  const std::string resolved = real.empty() || real == file ? "" : " (" + real.string() + ")";
  node.fail(fmt::format("{}{} is outside the project: it must lie under {}", file.string(), resolved, list));
}

bool Testbench::is_aggregate_result(const std::string& result) const {
  for (const auto& a : aggregates)
    if (result.rfind(a.name + ".", 0) == 0) return true;
  return false;
}

std::vector<std::string> Testbench::vectors_wanted() const {
  std::vector<std::string> names = keep;
  if (trainer)
    for (const auto& v : trainer->vectors())
      if (std::find(names.begin(), names.end(), v) == names.end()) names.push_back(v);
  for (const auto& m : measurements)
    for (const auto& v : vectors_needed(m))
      if (std::find(names.begin(), names.end(), v) == names.end()) names.push_back(v);
  return names;
}

// `without: [source, ...]` and `without_points: [k, ...]` of a shared calibration (`file`): the
// named trims leave, and the points (1-based, as the file numbers them) leave the solves of the
// trims that stay.
static void remove_calibration_exceptions(CalibrationDef& calibration, const YamlNode& node, const fs::path& file) {
  auto& trims = calibration.trims;
  if (auto without = node.find("without"))
    for (const auto& item : without->items()) {
      const std::string source = item.as_string();
      auto it = std::find_if(trims.begin(), trims.end(), [&](const CalibrationTrim& t) { return t.source == source; });
      if (it == trims.end()) item.fail(fmt::format("no trim '{}' in {}", source, file.string()));
      // A servo that keeps trims keeps its ruler: without it nothing measures that servo.
      if (it->ruler && std::count_if(trims.begin(), trims.end(), [&](const CalibrationTrim& t) { return t.servo == it->servo; }) > 1)
        item.fail(fmt::format("'{}' is the ruler of servo '{}', which keeps other trims", source, it->servo));
      trims.erase(it);
    }
  if (auto without = node.find("without_points"))
    for (const auto& item : without->items()) {
      const auto number = item.as_integer();
      if (number < 1 || static_cast<std::size_t>(number) > calibration.points.size())
        item.fail(fmt::format("{} has no point {}", file.string(), number));
      for (auto& trim : trims) {
        auto& points = trim.points;
        if (points.empty())  // every point: listed, so that the one left out leaves this trim too
          for (std::size_t k = 0; k < calibration.points.size(); ++k) points.push_back(k);
        points.erase(std::remove(points.begin(), points.end(), static_cast<std::size_t>(number - 1)), points.end());
        if (points.empty()) item.fail("trim " + trim.source + " would keep no point");
      }
    }
}

Testbench load_testbench(const fs::path& location, const fs::path& project_root) {
  Testbench tb;
  tb.yaml_path = resolve_yaml(location, project_root);
  YamlNode root = YamlNode::load_file(tb.yaml_path.string());
  root.expect_keys({"name", "description", "template", "cells", "parameters", "supply", "analyses", "keep",
                    "measurements", "aggregates", "specs", "plots", "corners", "timeout", "trainer", "sweep",
                    "mismatch_sensitivity", "calibration", "calibration_at_learned_weights", "operating_point", "options",
                    "dut"});
  const fs::path dir = tb.yaml_path.parent_path();

  tb.name = root.at("name").as_string();
  if (!is_safe_identifier(tb.name)) root.at("name").fail("a testbench name is letters, digits and _");
  tb.description = root.string_or("description", "");

  YamlNode template_node = root.at("template");
  tb.template_path = dir / template_node.as_string();
  if (!fs::exists(tb.template_path)) template_node.fail(fmt::format("template {} not found", tb.template_path.string()));
  // The template's text is copied into every netlist: it must be the project's own file.
  require_inside(tb.template_path, {project_root / "testbenches", project_root / "cells"}, template_node);
  if (!fs::is_regular_file(tb.template_path)) template_node.fail(fmt::format("{} is not a file", tb.template_path.string()));
  tb.template_text = read_text_file(tb.template_path);
  validate_template(tb.template_text, tb.template_path.string());

  if (auto cells = root.find("cells")) {
    // `name`, or `{name: x, view: transistor|behavioural}`.
    for (const auto& item : cells->items()) {
      CellUse cell;
      YamlNode name_node = item;
      if (item.is_map()) {
        item.expect_keys({"name", "view"});
        name_node = item.at("name");
        if (auto view = item.find("view")) {
          std::string text = view->as_string();
          if (text == "behavioural") cell.view = CellView::behavioural;
          else if (text != "transistor") view->fail("view is transistor or behavioural");
        }
      }
      cell.name = name_node.as_string();
      if (!is_safe_identifier(cell.name)) name_node.fail("a cell name is letters, digits and _");
      fs::path dir = project_root / "cells" / cell.name;
      cell.netlist = dir / (cell.name + ".spice");
      if (!fs::exists(cell.netlist)) name_node.fail(fmt::format("cell netlist {} not found", cell.netlist.string()));
      require_inside(cell.netlist, {project_root / "cells"}, name_node);
      validate_template(read_text_file(cell.netlist), cell.netlist.string());
      if (fs::exists(dir / (cell.name + ".va"))) cell.verilog_a = dir / (cell.name + ".va");
      if (cell.view == CellView::behavioural && cell.verilog_a.empty())
        name_node.fail(fmt::format("cell {} has no behavioural view ({}.va)", cell.name, cell.name));
      tb.cells.push_back(cell);
    }
  }

  if (auto dut = root.find("dut")) {
    tb.dut = dut->is_sequence() ? dut->as_strings() : std::vector<std::string>{dut->as_string()};
    for (const auto& instance : tb.dut)
      if (!is_safe_identifier(instance)) dut->fail("the DUT is instance names: letters, digits and _");
    std::vector<SpiceSource> sources;
    auto project_relative = [&](const std::string& origin) {
      fs::path relative = fs::path(origin).lexically_proximate(project_root);
      return relative.empty() || *relative.begin() == ".." ? origin : relative.string();
    };
    const SpiceSource testbench_template{project_relative(tb.template_path.string()), tb.template_text};
    const auto users = cell_users(tb.cells, testbench_template);
    for (const auto& cell : tb.cells)
      for (auto source : cell_sources(cell, users)) {
        source.origin = project_relative(source.origin);
        sources.push_back(source);
      }
    sources.push_back(testbench_template);
    try {
      tb.dut_inventory = inventory_dut(sources, tb.dut);
    } catch (const ConfigError& e) {
      dut->fail(e.what());
    }
  }

  if (auto supply = root.find("supply")) {
    tb.supply_parameter = supply->as_string();
    if (!is_safe_identifier(tb.supply_parameter)) supply->fail("a parameter name is letters, digits and _");
  }
  tb.parameters[tb.supply_parameter] = 1.8;
  if (auto parameters = root.find("parameters")) {
    for (const auto& [name, value] : parameters->entries()) {
      if (!is_safe_identifier(name)) value.fail("a parameter name is letters, digits and _");
      tb.parameters[name] = value.as_number();
    }
  }

  if (auto sweep = root.find("sweep")) {
    sweep->expect_keys({"parameter", "values", "proportional", "inverse"});
    Testbench::Sweep s{sweep->at("parameter").as_string(), sweep->at("values").as_numbers(), {}, {}};
    if (!tb.parameters.count(s.parameter))
      sweep->at("parameter").fail(fmt::format("'{}' is not a parameter of this testbench", s.parameter));
    if (s.values.empty()) sweep->at("values").fail("a sweep needs at least one value");
    for (auto [key, list] : {std::pair{"proportional", &s.proportional}, std::pair{"inverse", &s.inverse}})
      if (auto tracking = sweep->find(key)) {
        *list = tracking->as_strings();
        for (const auto& name : *list)
          if (!tb.parameters.count(name) || name == s.parameter)
            tracking->fail(fmt::format("'{}' is not another parameter of this testbench", name));
      }
    if (!(s.proportional.empty() && s.inverse.empty())) {
      // Tracking parameters scale by value/nominal, so neither may be zero.
      if (tb.parameters.at(s.parameter) == 0)
        sweep->at("parameter").fail("tracking parameters need a non-zero nominal value of the swept parameter");
      for (double v : s.values)
        if (v == 0) sweep->at("values").fail("with tracking parameters the sweep values must be non-zero");
    }
    tb.sweep = s;
  }
  if (auto trainer = root.find("trainer")) tb.trainer = parse_trainer(*trainer, dir, tb.parameters);
  if (auto sensitivity = root.find("mismatch_sensitivity")) {
    tb.mismatch_sensitivity = parse_mismatch_sensitivity(*sensitivity);
    if (auto& learning = tb.mismatch_sensitivity->learning) {
      if (!tb.trainer) sensitivity->at("learning").fail("the learning equilibrium needs the testbench's trainer block");
      if (learning->servos.size() != tb.trainer->weights.size())
        sensitivity->at("learning").at("servos").fail(
            fmt::format("one servo per trainer weight ({})", tb.trainer->weights.size()));
      tb.mismatch_sensitivity->outputs = tb.trainer->weights;
      tb.mismatch_sensitivity->weight_full_scale = tb.trainer->weight_full_scale;
      tb.mismatch_sensitivity->forward_readout = tb.trainer->forward_readout && tb.trainer->in_situ_error;
    }
  }
  if (auto calibration = root.find("calibration")) {
    // A calibration shared by several testbenches, written once in its own file (relative to
    // this testbench's folder, inside the project's testbenches/); its errors name that file.
    // `{file: F, without: [source, ...], without_points: [k, ...]}` takes the shared one without
    // some of its trims and without some of its points (1-based, as the file numbers them) in the
    // solves of the trims left: the points that only the removed trims' servos need.
    const bool shared_with_exceptions = calibration->is_map() && calibration->find("file");
    if (calibration->is_scalar() || shared_with_exceptions) {
      const YamlNode file_node = shared_with_exceptions ? calibration->at("file") : *calibration;
      if (shared_with_exceptions) calibration->expect_keys({"file", "without", "without_points"});
      fs::path file = dir / file_node.as_string();
      if (!fs::is_regular_file(file)) file_node.fail(fmt::format("calibration file {} not found", file.string()));
      require_inside(file, {project_root / "testbenches"}, file_node);
      tb.calibration = parse_calibration(YamlNode::load_file(file.string()), tb.parameters);
      if (shared_with_exceptions) remove_calibration_exceptions(*tb.calibration, *calibration, file);
    } else {
      tb.calibration = parse_calibration(*calibration, tb.parameters);
    }
  }
  // A trim set by a register is a DAC whose code lines the template declares: the register's bits.
  tb.code_registers = parse_code_registers(tb.template_text, tb.template_path.string(), tb.parameters);
  if (tb.calibration)
    for (auto& trim : tb.calibration->trims) {
      if (!trim.code_register) continue;
      auto declared = std::find_if(tb.code_registers.begin(), tb.code_registers.end(),
                                   [&](const CodeRegister& r) { return r.name == trim.source; });
      if (declared == tb.code_registers.end())
        root.at("calibration").fail(fmt::format("trim register '{}' is not declared by a *@register line of {}", trim.source,
                                                tb.template_path.string()));
      if (trim.bits && *trim.bits != declared->bits)
        root.at("calibration").fail(fmt::format("trim register '{}' has {} bits ({}), not {}", trim.source, declared->bits,
                                                declared->where, *trim.bits));
      trim.bits = declared->bits;
    }
  if (auto learned = root.find("calibration_at_learned_weights")) {
    if (!tb.trainer || !tb.calibration) learned->fail("the calibration at the learned weights needs a trainer and a calibration");
    if (tb.calibration->algorithm != CalibrationAlgorithm::successive_approximation)
      learned->fail("the calibration at the learned weights moves rulers: the calibration needs `algorithm: successive_approximation`");
    tb.learned_weights_calibration =
        parse_learned_weights_calibration(*learned, *tb.calibration, tb.trainer->weights, tb.trainer->data.samples());
  }
  // A trainer brings its own transient; other testbenches name their analyses.
  if (auto analyses = tb.trainer ? root.find("analyses") : std::optional<YamlNode>(root.at("analyses")))
    for (const auto& item : analyses->items()) tb.analyses.push_back(parse_analysis(item, tb.parameters));

  if (auto keep = root.find("keep")) {
    for (const auto& item : keep->items()) {
      std::string name = item.as_string();
      if (!is_safe_vector_name(name)) item.fail(fmt::format("'{}' is not a vector name", name));
      tb.keep.push_back(name);
    }
  }

  std::set<std::string> outputs;
  if (tb.dut_inventory)
    for (const char* out : {"ideal_elements", "pdk_devices"}) outputs.insert(std::string("dut.") + out);
  if (tb.trainer)
    for (const char* out : {"nmse_percent", "effective_bits", "final_rms_vs_ideal", "final_rms_vs_ridge", "prediction_mse",
                            "ideal_prediction_mse", "tau", "eta", "lambda", "sample_time", "training_time", "power",
                            "power_per_synapse", "energy_per_sample_per_synapse"})
      outputs.insert(std::string("trainer.") + out);
  if (tb.trainer)
    for (std::size_t i = 0; i < tb.trainer->weights.size(); ++i) outputs.insert("trainer." + final_error_name(i));
  if (tb.trainer && tb.trainer->in_situ_error)
    for (const char* out : {"in_situ_mse", "ideal_residual_mse", "in_situ_mse_ratio"}) outputs.insert(std::string("trainer.") + out);
  if (tb.calibration) {
    outputs.insert("calibration.saturated");
    outputs.insert("calibration.residual");
    if (tb.calibration->algorithm == CalibrationAlgorithm::successive_approximation) {
      outputs.insert("calibration.decisions");
      if (tb.calibration->decision_time) outputs.insert("calibration.chip_time");
      if (tb.calibration->decision_time && tb.trainer) outputs.insert("calibration.energy");
    }
    for (const auto& trim : tb.calibration->trims) outputs.insert("calibration." + trim.source);
  }
  if (tb.learned_weights_calibration) {
    outputs.insert("calibration.first_pass_effective_bits");
    for (const auto& weight : tb.learned_weights_calibration->weights) outputs.insert("calibration.learned_point_" + weight.trim);
  }
  if (auto measurements = root.find("measurements")) {
    for (const auto& item : measurements->items()) {
      tb.measurements.push_back(parse_measurement(item, tb.parameters));
      for (const auto& f : measure_functions())
        if (f.name == tb.measurements.back().function)
          for (const auto& out : f.outputs) outputs.insert(tb.measurements.back().name + "." + out);
    }
  }
  if (auto aggregates = root.find("aggregates")) {
    for (const auto& item : aggregates->items()) {
      AggregateDef def = parse_aggregate(item);
      for (const auto& [arg, names] : def.result_args)
        for (const auto& name : names)
          if (!outputs.count(name)) item.fail(fmt::format("'{}' is not produced by any measurement of this testbench", name));
      for (const auto& f : aggregate_functions())
        if (f.name == def.function)
          for (const auto& out : f.outputs) outputs.insert(def.name + "." + out);
      tb.aggregates.push_back(def);
    }
  }
  if (auto specs = root.find("specs")) {
    for (const auto& item : specs->items()) {
      tb.specs.push_back(parse_spec(item));
      if (!outputs.count(tb.specs.back().result))
        item.at("result").fail(fmt::format("'{}' is not produced by any measurement of this testbench",
                                           tb.specs.back().result));
    }
  }

  if (auto plots = root.find("plots")) {
    for (const auto& item : plots->items()) {
      tb.plots.push_back(parse_plot(item));
      const PlotDef& plot = tb.plots.back();
      if (!plot.results.empty()) {
        if (!tb.sweep) item.fail("a plot of results needs the testbench's sweep");
        for (const auto& r : plot.results)
          if (!outputs.count(r)) item.fail(fmt::format("'{}' is not produced by any measurement of this testbench", r));
        continue;
      }
      std::vector<std::string> used = plot.y;
      used.push_back(plot.x);
      for (const auto& v : used)
        if (std::find(tb.keep.begin(), tb.keep.end(), v) == tb.keep.end())
          item.fail(fmt::format("plot vector '{}' is not in keep", v));
    }
  }

  if (auto corners = root.find("corners")) {
    tb.default_corners = (dir / corners->as_string()).lexically_normal();
    if (!fs::exists(tb.default_corners)) corners->fail(fmt::format("corner file {} not found", tb.default_corners.string()));
  }
  if (auto timeout = root.find("timeout")) tb.timeout_s = timeout->as_number();
  if (auto op = root.find("operating_point")) tb.operating_point = op->as_bool();
  if (auto options = root.find("options")) {
    for (const auto& [name, value] : options->entries()) {
      if (!is_safe_identifier(name)) value.fail("an option name is letters, digits and _");
      tb.options[name] = value.as_number();
    }
  }
  return tb;
}

}  // namespace logsgd
